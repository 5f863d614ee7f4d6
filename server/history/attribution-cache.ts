/**
 * One attribution index per document, kept in memory and extended with the log entries appended
 * since it was last used: the log is decoded once, not at every blame or diff.
 */
import type { CartaStore } from '../storage/store.ts';
import { Attribution } from './attribution.ts';

/** Log entries read per round trip while extending. */
const CHUNK = 10_000;

export class AttributionCache {
  private readonly indexes = new Map<string, { attribution: Attribution; extending: Promise<void> }>();

  constructor(private readonly store: CartaStore) {}

  /** The document's index, built at least up to `seq`. */
  async upTo(docId: string, seq: number): Promise<Attribution> {
    let entry = this.indexes.get(docId);
    if (!entry) {
      entry = { attribution: new Attribution(), extending: Promise.resolve() };
      this.indexes.set(docId, entry);
    }
    const { attribution } = entry;
    // Extensions run one after another, so two requests never add the same entries.
    const run = entry.extending.then(async () => {
      while (attribution.seq < seq) {
        const entries = await this.store.readUpdateRange(docId, attribution.seq, Math.min(seq, attribution.seq + CHUNK));
        if (entries.length === 0) break;
        attribution.extend(entries);
      }
    });
    // A failed read fails this request only; the next one tries again from where the index stands.
    entry.extending = run.catch(() => {});
    await run;
    return attribution;
  }
}
