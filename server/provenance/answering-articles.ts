/**
 * The articles that answer a petition: those of its live links that are not retired and not
 * `declined`, each article once, in the order of the first link to it. Read for the petitions of a
 * report page only, and kept per answers (the same version of the links and the text) so that a
 * page asked for again costs nothing.
 */
import type { AnsweringArticle } from '../../shared/provenance/report-types.ts';
import type { CartaStore } from '../storage/store.ts';
import type { Answers } from './answer-index.ts';
import type { LiveProvenanceViews } from './live-provenance-views.ts';
import { resolveLinks } from './resolve-links.ts';

export class AnsweringArticles {
  private readonly known = new WeakMap<Answers, Map<string, AnsweringArticle[]>>();

  constructor(
    private readonly store: CartaStore,
    private readonly views: LiveProvenanceViews,
  ) {}

  /** The answering articles of each source (answered ones only; `docId` null: every document). */
  async of(answers: Answers, docId: string | null, sourceIds: readonly string[]): Promise<Map<string, AnsweringArticle[]>> {
    let known = this.known.get(answers);
    if (!known) this.known.set(answers, (known = new Map()));
    const out = new Map<string, AnsweringArticle[]>();
    for (const sourceId of sourceIds) {
      if (!answers.sources.has(sourceId)) continue;
      let articles = known.get(`${docId ?? ''}\n${sourceId}`);
      if (!articles) {
        const links = await this.store.links.listLinks({ sourceId, ...(docId === null ? {} : { docId }) });
        const resolved = await resolveLinks(this.views, links.filter((link) => link.relation !== 'declined'));
        const byArticle = new Map<string, AnsweringArticle>();
        for (const link of resolved) {
          const key = `${link.docId}\n${link.articleUid}`;
          if (link.status === 'live' && !byArticle.has(key)) byArticle.set(key, { docId: link.docId, uid: link.articleUid, num: link.article?.num ?? null });
        }
        articles = [...byArticle.values()];
        known.set(`${docId ?? ''}\n${sourceId}`, articles);
      }
      out.set(sourceId, articles);
    }
    return out;
  }
}
