/** Types of verify-bundle.mjs, for the tests. */
import type { ChainProblem } from './audit-chain.mjs';

/**
 * `unreadable`: the folder or archive could not be read as a bundle at all (for example a truncated
 * or compressed .tar, or a manifest of another kind or version). `chainOnly`: a version-1 bundle,
 * which carries no rows, so only its chain was checked.
 */
export type BundleVerdict =
  | { ok: true; count: number; head: string; chainOnly?: true }
  | { ok: false; problem: ChainProblem; checked: number; unreadable?: true };

/** Checks a bundle folder, or a .tar archive of one. */
export declare function verifyBundle(where: string, noted?: { count: number; hash: string } | null): Promise<BundleVerdict>;

/** What the verifier prints for a verdict: lines for stdout and for stderr. */
export declare function verdictText(verdict: BundleVerdict): { out: string[]; err: string[] };
