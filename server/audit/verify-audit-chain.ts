/**
 * `audit verify`: recomputes the audit chain from the store, with the bytes of every logged update,
 * and names the first record that does not fit. The checks are the bundle verifier's own
 * (verifier/audit-chain.mjs), so the database and an exported bundle are judged alike.
 */
import { type ChainProblem, createChainChecker } from '../../verifier/audit-chain.mjs';
import type { CartaStore } from '../storage/store.ts';

/** A head someone noted earlier (count and hash, as the footer shows them): the chain must still pass through it. */
export interface NotedHead {
  count: number;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; count: number; head: string }
  | { ok: false; problem: ChainProblem; checked: number };

/** Events read per round trip to the store. */
const PAGE = 5_000;

export async function verifyAuditChain(
  store: CartaStore,
  options: { noted?: NotedHead; onProgress?: (checked: number, total: number) => void } = {},
): Promise<ChainVerdict> {
  const checker = createChainChecker();
  const total = (await store.auditHead()).count;
  const { noted } = options;
  let after = 0;
  for (;;) {
    const records = await store.auditRecords(after, PAGE);
    for (const record of records) {
      const problem = checker.check(record, record.update);
      if (problem) return { ok: false, problem, checked: checker.count };
      if (noted && record.id === noted.count && checker.head !== noted.hash.toLowerCase()) {
        return {
          ok: false,
          problem: { id: record.id, subject: record.subject, reason: `the chain was rewritten: event ${noted.count} now hashes to ${checker.head}, not the noted ${noted.hash}` },
          checked: checker.count,
        };
      }
    }
    options.onProgress?.(checker.count, total);
    if (records.length < PAGE) break;
    after = records.at(-1)?.id ?? after;
  }
  if (noted && checker.count < noted.count) {
    return { ok: false, problem: { id: null, subject: 'audit', reason: `the chain holds ${checker.count} events, fewer than the ${noted.count} noted: events were removed` }, checked: checker.count };
  }
  const problem = checker.finish(await store.updateCounts());
  return problem ? { ok: false, problem, checked: checker.count } : { ok: true, count: checker.count, head: checker.head };
}
