/**
 * What `audit verify` and `audit export` read besides the events: the rows that history, blame,
 * comments and the reading room show (verifier/audit-rows.mjs says which), in the order they were
 * written, and one consistent moment to stop at while the server goes on writing.
 */
import type { AuditedRow, AuditedTable } from '../../verifier/audit-rows.mjs';
import type { AuditHead } from './store.ts';

/**
 * The audit record at one moment, read in one transaction: events, log and rows written later
 * are left out, so a check that runs beside a working server never mistakes a row whose event
 * came after its last page for a forged one.
 */
export interface AuditSnapshot {
  head: AuditHead;
  /** How many updates each document's log held. */
  updates: Map<string, number>;
  /** Per checked table, the position of its last row (0 when it had none). */
  rowEnds: Record<AuditedTable, number>;
}

/** A row and its place in its table (positions grow in the order rows were written). */
export interface PositionedRow {
  position: number;
  row: AuditedRow;
}

export interface AuditedRows {
  snapshot(): Promise<AuditSnapshot>;
  /** Rows of `table` with after < position ≤ upTo, in written order, at most `limit`. */
  page(table: AuditedTable, after: number, upTo: number, limit: number): Promise<PositionedRow[]>;
}
