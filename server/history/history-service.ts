/**
 * History of a document for REST: the timeline (named versions and one automatic point per day
 * with changes), any version's text, the attributed diff of two versions, and blame of an article.
 * Everything is read from the update log; nothing here writes except naming a version.
 */
import type { ProvenanceLink } from '../../shared/provenance/link-types.ts';
import { articlesByUid } from '../../shared/provenance/article-text.ts';
import { documentOutline } from '../../shared/schema/outline.ts';
import type { CartaStore, ChangeDay, VersionRecord } from '../storage/store.ts';
import type { Stamp } from './attribution.ts';
import { AttributionCache } from './attribution-cache.ts';
import { type AttributedBlock, blameOf } from './attributed-text.ts';
import { articleHistory } from './article-history.ts';
import { documentAt } from './document-at.ts';
import { restoreVersion } from './restore.ts';
import { diffVersions } from './version-diff.ts';
import type { ArticleHistoryAnswer, DiffAnswer, VersionTextAnswer } from '../../shared/history/history-types.ts';
import type { RoomRegistry } from '../collab/room-registry.ts';

export interface Timeline {
  current: { seq: number; at: number | null };
  named: VersionRecord[];
  daily: ChangeDay[];
}

export interface BlameAnswer {
  seq: number;
  articleUid: string;
  blocks: AttributedBlock[];
  people: Record<string, string | null>;
}

export class HistoryService {
  private readonly attribution: AttributionCache;

  constructor(
    private readonly store: CartaStore,
    private readonly registry: RoomRegistry,
  ) {
    this.attribution = new AttributionCache(store);
  }

  /** Brings back the text at `seq` (the whole document, or one article) as a new change by `userId`. */
  restore(docId: string, seq: number, articleUid: string | null, userId: string): Promise<{ seq: number }> {
    return restoreVersion(this.store, this.registry, { docId, seq, articleUid, userId });
  }

  /** When the update at `seq` was received (null for 0: before the first). */
  private async timeOf(docId: string, seq: number): Promise<number | null> {
    if (seq <= 0) return null;
    return (await this.store.readUpdateRange(docId, seq - 1, seq))[0]?.receivedAt ?? null;
  }

  async timeline(docId: string): Promise<Timeline> {
    const seq = await this.store.lastSeq(docId);
    return { current: { seq, at: await this.timeOf(docId, seq) }, named: await this.store.listVersions(docId), daily: await this.store.changeDays(docId) };
  }

  async nameVersion(docId: string, name: string, note: string, userId: string): Promise<VersionRecord> {
    const seq = await this.store.lastSeq(docId);
    return this.store.createVersion({ docId, seq, name, note, createdBy: userId, createdAt: Date.now() });
  }

  async text(docId: string, seq: number): Promise<VersionTextAnswer> {
    const at = await documentAt(this.store, docId, seq);
    try {
      return { seq: at.seq, at: await this.timeOf(docId, at.seq), doc: at.doc.toJSON(), outline: documentOutline(at.doc) };
    } finally {
      at.ydoc.destroy();
    }
  }

  private async people(stamps: Iterable<Stamp | null | undefined>): Promise<Record<string, string | null>> {
    const out: Record<string, string | null> = {};
    for (const stamp of stamps) {
      if (stamp && !(stamp.userId in out)) out[stamp.userId] = (await this.store.getUser(stamp.userId))?.name ?? null;
    }
    return out;
  }

  /** What changed from `fromSeq` to `toSeq`, which must not come before it (the routes refuse that). */
  async diff(docId: string, fromSeq: number, toSeq: number): Promise<DiffAnswer> {
    if (fromSeq > toSeq) throw new Error(`a diff runs forward: from ${fromSeq} is after to ${toSeq}`);
    const [older, newer] = await Promise.all([documentAt(this.store, docId, fromSeq), documentAt(this.store, docId, toSeq)]);
    try {
      const attribution = await this.attribution.upTo(docId, newer.seq);
      const diff = diffVersions(older, newer, attribution);
      const [fromAt, toAt] = [await this.timeOf(docId, older.seq), await this.timeOf(docId, newer.seq)];
      const linksThen = new Map((fromAt === null ? [] : await this.store.links.linksAt(docId, fromAt)).map((l) => [l.id, l]));
      const linksNow = new Map((toAt === null ? [] : await this.store.links.linksAt(docId, toAt)).map((l) => [l.id, l]));
      const links = {
        added: [...linksNow.values()].filter((l) => !linksThen.has(l.id)),
        retired: [...linksThen.values()].filter((l) => !linksNow.has(l.id)),
      };
      const stamps = [...diff.structure.map((c) => c.by), ...diff.blocks.flatMap((b) => b.tokens.map((t) => t.by))];
      return { from: { seq: older.seq, at: fromAt }, to: { seq: newer.seq, at: toAt }, ...diff, links, people: await this.people(stamps) };
    } finally {
      older.ydoc.destroy();
      newer.ydoc.destroy();
    }
  }

  /** The changes that touched an article up to `seq`, oldest first; null when it is not in the document then. */
  async articleChanges(docId: string, articleUid: string, seq: number): Promise<ArticleHistoryAnswer | null> {
    const at = await documentAt(this.store, docId, seq);
    try {
      const element = articlesByUid(at.fragment).get(articleUid);
      if (!element) return null;
      const changes = articleHistory(element, await this.attribution.upTo(docId, at.seq));
      return { seq: at.seq, articleUid, changes, people: await this.people(changes.map((c) => ({ userId: c.userId, seq: c.to.seq, at: c.to.at }))) };
    } finally {
      at.ydoc.destroy();
    }
  }

  /** Blame of one article at `seq`; null when the article is not in the document then. */
  async blame(docId: string, articleUid: string, seq: number): Promise<BlameAnswer | null> {
    const at = await documentAt(this.store, docId, seq);
    try {
      const element = articlesByUid(at.fragment).get(articleUid);
      if (!element) return null;
      const blocks = blameOf(element, await this.attribution.upTo(docId, at.seq));
      return { seq: at.seq, articleUid, blocks, people: await this.people(blocks.flatMap((b) => b.runs.map((r) => r.stamp))) };
    } finally {
      at.ydoc.destroy();
    }
  }
}
