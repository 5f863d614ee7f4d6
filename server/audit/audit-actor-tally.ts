/**
 * Who appears in the audit log and how often: the person filter's list, and the search's way of
 * knowing that someone never edited the text (their events can then be found without looking at
 * logged updates). Counting a million events takes a quarter of a second, so the counts are kept
 * and brought up to the head with only the events appended since, a stretch at a time, letting
 * the collaboration write path run between stretches.
 */
import type { AuditActorView } from '../../shared/audit/audit-types.ts';
import type { CartaStore } from '../storage/store.ts';

/** Events counted per step (about 25 ms on a laptop). */
const STEP = 100_000;

interface Count {
  updates: number;
  others: number;
}

export class AuditActorTally {
  private upTo = 0;
  private readonly counts = new Map<string, Count>();
  private catchingUp: Promise<void> | null = null;

  constructor(private readonly store: CartaStore) {}

  /** Counts every event up to the head; concurrent callers share one catch-up. Answers the id counted up to. */
  async current(): Promise<number> {
    this.catchingUp ??= this.catchUp().finally(() => {
      this.catchingUp = null;
    });
    await this.catchingUp;
    return this.upTo;
  }

  private async catchUp(): Promise<void> {
    const head = (await this.store.auditHead()).count;
    while (this.upTo < head) {
      const to = Math.min(head, this.upTo + STEP);
      for (const row of await this.store.auditQueries.countByActor(this.upTo, to)) {
        const count = this.counts.get(row.actorId) ?? { updates: 0, others: 0 };
        count.updates += row.updates;
        count.others += row.others;
        this.counts.set(row.actorId, count);
      }
      this.upTo = to;
      if (this.upTo < head) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** How many logged updates are `actorId`'s among the events counted. */
  updatesBy(actorId: string): number {
    return this.counts.get(actorId)?.updates ?? 0;
  }

  /** How many people were counted. */
  get people(): number {
    return this.counts.size;
  }

  /**
   * The `limit` people with the most events, most first, with their names and roles. Bounded: a
   * process with many thousands of citizens who commented once must not make every answer (and
   * the person filter's list) hold all of them.
   */
  async actors(limit: number): Promise<AuditActorView[]> {
    const top = [...this.counts]
      .map(([id, count]) => ({ id, events: count.updates + count.others, updates: count.updates }))
      .sort((a, b) => b.events - a.events || a.id.localeCompare(b.id))
      .slice(0, limit);
    const out: AuditActorView[] = [];
    for (const actor of top) {
      const user = await this.store.getUser(actor.id);
      out.push({ id: actor.id, name: user?.name ?? null, role: user?.role ?? null, events: actor.events, updates: actor.updates });
    }
    return out;
  }
}
