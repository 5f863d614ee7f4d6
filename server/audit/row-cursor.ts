/**
 * One checked table read ahead a page at a time, so that `audit verify` can pair each event with
 * the next row of its table without a query per event and without holding the table in memory.
 */
import type { AuditedRow, AuditedTable } from '../../verifier/audit-rows.mjs';
import type { AuditedRows } from '../storage/audited-rows.ts';

/** Rows fetched per query when the buffer runs low. */
const ROW_PAGE = 1_000;

export class RowCursor {
  private buffer: AuditedRow[] = [];
  private index = 0;
  private after = 0;
  private exhausted = false;

  /** Reads `table` up to position `upTo` (the snapshot's end: later rows belong to later events). */
  constructor(
    private readonly rows: AuditedRows,
    private readonly table: AuditedTable,
    private readonly upTo: number,
  ) {}

  /** Makes sure `count` rows (or every row left) are buffered, so that `next` answers at once. */
  async fill(count: number): Promise<void> {
    while (!this.exhausted && this.buffer.length - this.index < count) {
      const want = Math.max(ROW_PAGE, count - (this.buffer.length - this.index));
      const page = await this.rows.page(this.table, this.after, this.upTo, want);
      this.buffer = [...this.buffer.slice(this.index), ...page.map((entry) => entry.row)];
      this.index = 0;
      const last = page.at(-1);
      if (last) this.after = last.position;
      if (page.length < want) this.exhausted = true;
    }
  }

  /** The next buffered row, or undefined when the table has no more (call `fill` first). */
  next(): AuditedRow | undefined {
    if (this.index >= this.buffer.length) return undefined;
    return this.buffer[this.index++];
  }
}
