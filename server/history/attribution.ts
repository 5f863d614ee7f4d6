/**
 * Who wrote and who deleted each character, from the server's stamps on the update log (never from
 * what clients claim about themselves: awareness names and PermanentUserData are ignored). Every
 * logged update is decoded once; the items it inserts (client id and clock range) and the ranges it
 * deletes are indexed by the log entry that brought them, which the server stamped with the
 * authenticated sender and the time.
 */
import * as Y from 'yjs';
import type { Stamp } from '../../shared/history/history-types.ts';
import type { LoggedUpdate } from '../storage/store.ts';

export type { Stamp };

/** Clock ranges of one client, sorted by start: [start, end) brought by stamps[i]. */
interface Ranges {
  starts: number[];
  ends: number[];
  stamps: number[];
  sorted: boolean;
  /** The longest range, which bounds how far back a lookup must scan when ranges overlap. */
  longest: number;
}

function emptyRanges(): Ranges {
  return { starts: [], ends: [], stamps: [], sorted: true, longest: 0 };
}

function push(ranges: Ranges, start: number, end: number, stamp: number): void {
  const last = ranges.starts.length - 1;
  if (last >= 0 && (ranges.starts[last] as number) > start) ranges.sorted = false;
  ranges.starts.push(start);
  ranges.ends.push(end);
  ranges.stamps.push(stamp);
  ranges.longest = Math.max(ranges.longest, end - start);
}

function sortRanges(ranges: Ranges): void {
  if (ranges.sorted) return;
  const order = ranges.starts.map((_, i) => i).sort((a, b) => (ranges.starts[a] as number) - (ranges.starts[b] as number) || (ranges.stamps[a] as number) - (ranges.stamps[b] as number));
  ranges.starts = order.map((i) => ranges.starts[i] as number);
  ranges.ends = order.map((i) => ranges.ends[i] as number);
  ranges.stamps = order.map((i) => ranges.stamps[i] as number);
  ranges.sorted = true;
}

/** Index of the last range whose start is ≤ clock, or -1. */
function lastStartAtOrBefore(ranges: Ranges, clock: number): number {
  let lo = 0;
  let hi = ranges.starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((ranges.starts[mid] as number) <= clock) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export class Attribution {
  private readonly stamps: Stamp[] = [];
  private readonly inserts = new Map<number, Ranges>();
  private readonly deletes = new Map<number, Ranges>();
  /** Per client, the end of the clocks already attributed: a re-sent struct keeps its first sender. */
  private readonly known = new Map<number, number>();
  private lastSeq = 0;

  /** The log position up to which the index is built. */
  get seq(): number {
    return this.lastSeq;
  }

  /** Adds log entries, which must follow the ones already added, in seq order. */
  extend(entries: readonly LoggedUpdate[]): void {
    for (const entry of entries) {
      if (entry.seq <= this.lastSeq) continue;
      const stamp = this.stamps.push({ seq: entry.seq, userId: entry.userId, at: entry.receivedAt }) - 1;
      const { structs, ds } = Y.decodeUpdate(entry.update);
      for (const struct of structs) {
        if (!(struct instanceof Y.Item)) continue;
        const { client, clock } = struct.id;
        const start = Math.max(clock, this.known.get(client) ?? 0);
        const end = clock + struct.length;
        if (end <= start) continue;
        let ranges = this.inserts.get(client);
        if (!ranges) this.inserts.set(client, (ranges = emptyRanges()));
        push(ranges, start, end, stamp);
        this.known.set(client, end);
      }
      for (const [client, deleted] of ds.clients) {
        let ranges = this.deletes.get(client);
        if (!ranges) this.deletes.set(client, (ranges = emptyRanges()));
        for (const item of deleted) push(ranges, item.clock, item.clock + item.len, stamp);
      }
      this.lastSeq = entry.seq;
    }
  }

  /** The earliest accepted stamp covering `clock`, with how far (exclusive clock) that cover certainly lasts. */
  private find(map: Map<number, Ranges>, client: number, clock: number, accept: (stamp: Stamp) => boolean): { stamp: Stamp; until: number } | null {
    const ranges = map.get(client);
    if (!ranges) return null;
    sortRanges(ranges);
    let best: { stamp: Stamp; until: number } | null = null;
    for (let i = lastStartAtOrBefore(ranges, clock); i >= 0 && clock - (ranges.starts[i] as number) < ranges.longest; i--) {
      const end = ranges.ends[i] as number;
      if (clock >= end) continue;
      const stamp = this.stamps[ranges.stamps[i] as number] as Stamp;
      if (accept(stamp) && (!best || stamp.seq < best.stamp.seq)) best = { stamp, until: end };
    }
    // A later range starting before `until` may hold an earlier stamp: the cover ends where it starts.
    if (best) {
      const next = lastStartAtOrBefore(ranges, clock) + 1;
      if (next < ranges.starts.length && (ranges.starts[next] as number) < best.until) best.until = Math.max(clock + 1, ranges.starts[next] as number);
    }
    return best;
  }

  /** The log entry that first brought the character with this id, or null (before the log, e.g. GC'd). */
  insertedBy(client: number, clock: number): Stamp | null {
    return this.find(this.inserts, client, clock, () => true)?.stamp ?? null;
  }

  /** The first log entry in (afterSeq, toSeq] that deleted the character with this id, or null. */
  deletedBy(client: number, clock: number, afterSeq = 0, toSeq = Number.POSITIVE_INFINITY): Stamp | null {
    return this.find(this.deletes, client, clock, (stamp) => stamp.seq > afterSeq && stamp.seq <= toSeq)?.stamp ?? null;
  }

  /** Like insertedRuns, for deletions in (afterSeq, toSeq]: the clock run split by who deleted each piece. */
  deletedRuns(client: number, clock: number, length: number, afterSeq: number, toSeq: number): Array<{ offset: number; length: number; stamp: Stamp | null }> {
    const runs: Array<{ offset: number; length: number; stamp: Stamp | null }> = [];
    let offset = 0;
    while (offset < length) {
      const found = this.find(this.deletes, client, clock + offset, (stamp) => stamp.seq > afterSeq && stamp.seq <= toSeq);
      const end = found ? Math.min(length, found.until - clock) : offset + 1;
      const stamp = found?.stamp ?? null;
      const previous = runs.at(-1);
      if (previous && previous.stamp === stamp) previous.length += end - offset;
      else runs.push({ offset, length: end - offset, stamp });
      offset = Math.max(end, offset + 1);
    }
    return runs;
  }

  /**
   * Splits the clock run [clock, clock + length) of one client into pieces with one author each,
   * so that a merged Yjs item written over several keystrokes by different people is told apart.
   */
  insertedRuns(client: number, clock: number, length: number): Array<{ offset: number; length: number; stamp: Stamp | null }> {
    const runs: Array<{ offset: number; length: number; stamp: Stamp | null }> = [];
    let offset = 0;
    while (offset < length) {
      const at = clock + offset;
      const stamp = this.insertedBy(client, at);
      // The run goes on while the same stamp covers the next clocks.
      let end = offset + 1;
      const ranges = this.inserts.get(client);
      if (ranges && stamp) {
        const i = lastStartAtOrBefore(ranges, at);
        if (i >= 0) end = Math.min(length, (ranges.ends[i] as number) - clock);
      }
      end = Math.max(end, offset + 1);
      const previous = runs.at(-1);
      if (previous && previous.stamp === stamp) previous.length += end - offset;
      else runs.push({ offset, length: end - offset, stamp });
      offset = end;
    }
    return runs;
  }
}
