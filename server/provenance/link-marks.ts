/**
 * The editor's link marks (`GET /api/documents/:id/link-marks`): every link that is not retired,
 * compact, with relocated passages marked where they stand now. The answer depends on the links and
 * on the live text, so its version (and ETag) is a digest of the marks themselves: a reader is
 * answered 304 exactly while the marks it holds are still what the server would send.
 *
 * Most passages resolve by their own ends, and the stored compact rows are enough for them; only
 * the few that do not are read in full (their quote and context) and resolved as the reports resolve
 * them (LiveProvenanceView), so the editor, the panel and the reports agree on what is live. The
 * answer is kept per document version and links version, so readers asking between two changes
 * share one computation.
 */
import { createHash } from 'node:crypto';
import type { LinkMark, ProvenanceLink } from '../../shared/provenance/link-types.ts';
import type { CartaStore } from '../storage/store.ts';
import type { LiveProvenanceView } from './live-provenance-view.ts';
import type { LiveProvenanceViews } from './live-provenance-views.ts';

/** Rounds of reading links in full before answering with what there is. */
const MAX_ATTEMPTS = 3;

export interface LinkMarksAnswer {
  /** The digest of the marks: the `version` field and the ETag. */
  version: string;
  /** The JSON body, `{"version":…,"marks":[…]}`, serialised once. */
  body: string;
}

export class LinkMarksReader {
  /** One answer per view (a view is one document version), valid while the links version is the same. */
  private readonly answers = new WeakMap<LiveProvenanceView, { linksVersion: string; answer: LinkMarksAnswer }>();

  constructor(
    private readonly store: CartaStore,
    private readonly views: LiveProvenanceViews,
  ) {}

  /** The marks of a document, or null when there is no such document. */
  async read(docId: string): Promise<LinkMarksAnswer | null> {
    const linksVersion = await this.store.links.linksVersion();
    const cached = await this.views.with(docId, (view) => {
      const entry = this.answers.get(view);
      return entry && entry.linksVersion === linksVersion ? entry.answer : null;
    });
    if (!cached) return null;
    if (cached.value) return cached.value;

    const stored = await this.store.links.linkMarks(docId);
    const full = new Map<string, ProvenanceLink>();
    for (let attempt = 0; ; attempt++) {
      // Reading links is asynchronous and a view is only valid until the document changes, so each
      // step looks again at the view of now: passages that do not resolve by their own ends and were
      // not read in full yet are read, and the marks are built once there are none left.
      const step = await this.views.with(docId, (view): { missing: string[] } | { answer: LinkMarksAnswer } => {
        const missing = stored
          .filter(([id, , , start, end]) => start !== null && end !== null && !full.has(id) && !view.resolvesDirectly(id, { start, end }))
          .map(([id]) => id);
        if (missing.length > 0 && attempt < MAX_ATTEMPTS) return { missing };
        const marks = stored.map((mark): LinkMark => {
          const link = full.get(mark[0]);
          return link ? view.mark(link) : mark;
        });
        const json = JSON.stringify(marks);
        const version = createHash('sha256').update(json).digest('base64url').slice(0, 22);
        const answer: LinkMarksAnswer = { version, body: `{"version":${JSON.stringify(version)},"marks":${json}}` };
        // Kept only when complete (a document changing faster than the links can be read leaves a
        // passage or two with their own ends this time; the editor asks again when that matters).
        if (missing.length === 0) this.answers.set(view, { linksVersion, answer });
        return { answer };
      });
      if (!step) return null;
      if ('answer' in step.value) return step.value.answer;
      for (const [id, link] of await this.store.links.getLinks(step.value.missing)) full.set(id, link);
    }
  }
}
