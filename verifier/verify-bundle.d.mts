/** Types of verify-bundle.mjs, for the tests. */
import type { ChainProblem } from './audit-chain.mjs';

/** `unreadable`: the folder or archive could not be read as a bundle at all (for example a truncated .tar). */
export type BundleVerdict = { ok: true; count: number; head: string } | { ok: false; problem: ChainProblem; checked: number; unreadable?: true };

/** Checks a bundle folder, or a .tar archive of one. */
export declare function verifyBundle(where: string, noted?: { count: number; hash: string } | null): Promise<BundleVerdict>;
