/** Types of verify-bundle.mjs, for the tests. */
import type { ChainProblem } from './audit-chain.mjs';

export type BundleVerdict = { ok: true; count: number; head: string } | { ok: false; problem: ChainProblem; checked: number };

export declare function verifyBundle(dir: string, noted?: { count: number; hash: string } | null): Promise<BundleVerdict>;
