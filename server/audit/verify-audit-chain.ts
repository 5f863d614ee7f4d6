/**
 * `audit verify`: recomputes the audit chain from the store, with the bytes of every logged update,
 * checks that the rows people are shown as history — who each update is credited to and when,
 * versions, provenance links and their retirements, comments and their moderation, users and
 * documents — are the ones the chained events recorded, and names the first record that does not
 * fit. The checks are the bundle verifier's own (verifier/audit-chain.mjs, verifier/audit-rows.mjs),
 * so the database and an exported bundle are judged alike.
 *
 * Everything is read as one snapshot's worth (audited-rows.ts): the events, logs and rows that
 * existed when it started, so it can run beside a working server.
 */
import { type ChainProblem, createChainChecker, UPDATE_ACTION } from '../../verifier/audit-chain.mjs';
import { AUDITED_TABLES, type AuditedTable, auditedTableOf, createRowChecker, updateStampProblem } from '../../verifier/audit-rows.mjs';
import type { CartaStore } from '../storage/store.ts';
import { RowCursor } from './row-cursor.ts';

/** A head someone noted earlier (count and hash, as the footer shows them): the chain must still pass through it. */
export interface NotedHead {
  count: number;
  hash: string;
}

/** `checked`: how many events before the problem are intact (all of them when the problem is not at an event). */
export type ChainVerdict =
  | { ok: true; count: number; head: string }
  | { ok: false; problem: ChainProblem; checked: number };

/** Events read per round trip to the store. */
const PAGE = 5_000;

export async function verifyAuditChain(
  store: CartaStore,
  options: { noted?: NotedHead; onProgress?: (checked: number, total: number) => void } = {},
): Promise<ChainVerdict> {
  const snapshot = await store.auditedRows.snapshot();
  const total = snapshot.head.count;
  const checker = createChainChecker();
  const rows = createRowChecker();
  const cursors = new Map<AuditedTable, RowCursor>(AUDITED_TABLES.map((table) => [table, new RowCursor(store.auditedRows, table, snapshot.rowEnds[table])]));
  const { noted } = options;
  // A problem with an event the chain accepted (its row, its log entry, a noted head): the events before it are intact.
  const atAcceptedEvent = (problem: ChainProblem): ChainVerdict => ({ ok: false, problem, checked: checker.count - 1 });
  let after = 0;
  while (after < total) {
    const records = await store.auditRecords(after, Math.min(PAGE, total - after));
    if (records.length === 0) break;
    // The rows this page's events stand for, fetched before the page is checked.
    const wanted = new Map<AuditedTable, number>();
    for (const record of records) {
      if (record.action === UPDATE_ACTION) continue;
      const table = auditedTableOf(record.action);
      if (table) wanted.set(table, (wanted.get(table) ?? 0) + 1);
    }
    for (const [table, count] of wanted) await cursors.get(table)?.fill(count);
    for (const record of records) {
      const problem = checker.check(record, record.update);
      if (problem) return { ok: false, problem, checked: checker.count };
      if (noted && record.id === noted.count && checker.head !== noted.hash.toLowerCase()) {
        return atAcceptedEvent({
          id: record.id,
          subject: record.subject,
          reason: `the chain was rewritten: event ${noted.count} now hashes to ${checker.head}, not the noted ${noted.hash}`,
        });
      }
      if (record.action === UPDATE_ACTION) {
        const reason = record.logged ? updateStampProblem(record, record.logged) : null;
        if (reason) return atAcceptedEvent({ id: record.id, subject: record.subject, reason });
        continue;
      }
      const table = auditedTableOf(record.action);
      if (table) {
        const rowProblem = rows.check(record, cursors.get(table)?.next());
        if (rowProblem) return atAcceptedEvent(rowProblem);
      }
    }
    after = records.at(-1)?.id ?? after;
    options.onProgress?.(checker.count, total);
  }
  const done = (problem: ChainProblem): ChainVerdict => ({ ok: false, problem, checked: checker.count });
  if (noted && checker.count < noted.count) {
    return done({ id: null, subject: '', reason: `the chain holds ${checker.count} events, fewer than the ${noted.count} noted: events were removed` });
  }
  const problem = checker.finish(snapshot.updates);
  if (problem) return done(problem);
  for (const [table, cursor] of cursors) {
    await cursor.fill(1);
    const extra = cursor.next();
    if (extra) return done(rows.leftover(table, extra));
  }
  return { ok: true, count: checker.count, head: checker.head };
}
