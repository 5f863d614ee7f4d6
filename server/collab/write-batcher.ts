/**
 * Group commit: every update that reaches the log within one turn of the event loop, from any
 * document, is written in one durable transaction. Callers await their own sequence numbers and
 * apply/broadcast only after that promise resolves, so nothing is broadcast that is not on disk.
 */
import type { AppendEntry, CartaStore } from '../storage/store.ts';

interface Pending {
  entries: AppendEntry[];
  resolve: (seqs: number[]) => void;
  reject: (error: Error) => void;
}

export class WriteBatcher {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly store: CartaStore) {}

  /** Appends `entries` in the next group commit; resolves with their seqs once durable. */
  append(entries: AppendEntry[]): Promise<number[]> {
    return new Promise<number[]>((resolve, reject) => {
      this.pending.push({ entries, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    const all = batch.flatMap((p) => p.entries);
    try {
      const seqs = await this.store.appendUpdates(all);
      let offset = 0;
      for (const p of batch) {
        p.resolve(seqs.slice(offset, offset + p.entries.length));
        offset += p.entries.length;
      }
    } catch (error) {
      for (const p of batch) p.reject(error as Error);
    }
  }
}
