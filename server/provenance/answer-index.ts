/**
 * Which sources the text answers and which articles have citizen provenance: a source or an
 * article counts when at least one of its links is live, not retired and not `declined` (an
 * orphaned passage does not count until it is re-anchored). Both public reports ask this.
 *
 * The database narrows the links first (store.reports.answerCandidates): a whole-article link to
 * an article that exists answers without looking at the text, so only the passages of sources and
 * articles left over are resolved against the live text, and each only until its source and
 * article are known to be answered. Most passages resolve by their own ends; the few that do not are
 * read in full and resolved as every other reader resolves them (LiveProvenanceView), so the reports
 * agree with the editor and the traces.
 *
 * The answer is kept per document version and links version. Anyone may ask, and a busy document
 * changes many times a second, so an answer made for an earlier version is reused while it is
 * younger than STALE_FACTOR times what it cost to make: recomputing then takes at most about a
 * tenth of the server's time however fast people type and however often the reports are asked
 * for. A change of links (a member's action) always gives a fresh answer.
 */
import type { ProvenanceLink } from '../../shared/provenance/link-types.ts';
import type { AnswerCandidates } from '../storage/report-queries.ts';
import type { CartaStore } from '../storage/store.ts';
import type { LiveProvenanceView } from './live-provenance-view.ts';
import type { LiveProvenanceViews } from './live-provenance-views.ts';

export interface Answers {
  /** Sources with at least one live link that is not `declined`. */
  sources: ReadonlySet<string>;
  /** Articles (uids) with at least one. */
  articles: ReadonlySet<string>;
}

/** How much older than its cost an answer for an earlier version of the text may be reused. */
export const STALE_FACTOR = 10;
/** Rounds of reading passages in full before answering with what is known. */
const MAX_ATTEMPTS = 3;

const NO_ANSWERS: Answers = { sources: new Set(), articles: new Set() };

interface Latest {
  linksVersion: string;
  view: WeakRef<LiveProvenanceView>;
  answers: Answers;
  /** When it was made and what it cost (ms, performance.now()). */
  madeAt: number;
  cost: number;
}

interface Candidates {
  linksVersion: string;
  /** The live articles the candidates were narrowed with, joined. */
  articlesKey: string;
  value: AnswerCandidates;
}

type Probe = { answers: Answers } | { articles: string[] };
type Step = Probe | { missing: string[] };

export class AnswerIndex {
  private readonly latest = new Map<string, Latest>();
  private readonly candidates = new Map<string, Candidates>();
  private readonly pending = new Map<string, Promise<Answers | null>>();
  private union: { parts: readonly Answers[]; answers: Answers } | null = null;
  private documents: { linksVersion: string; ids: string[] } | null = null;

  constructor(
    private readonly store: CartaStore,
    private readonly views: LiveProvenanceViews,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The answers of one document's live text; null when there is no such document. */
  ofDocument(docId: string): Promise<Answers | null> {
    // Readers asking at the same time share one computation.
    let answer = this.pending.get(docId);
    if (!answer) {
      answer = this.compute(docId).finally(() => this.pending.delete(docId));
      this.pending.set(docId, answer);
    }
    return answer;
  }

  /** The answers of every document that has links (a document that is gone answers nothing). */
  async ofAll(): Promise<Answers> {
    const linksVersion = await this.store.links.linksVersion();
    if (this.documents?.linksVersion !== linksVersion) this.documents = { linksVersion, ids: await this.store.reports.documentsWithLinks() };
    const parts: Answers[] = [];
    for (const docId of this.documents.ids) {
      const answers = await this.ofDocument(docId);
      if (answers) parts.push(answers);
    }
    if (parts.length === 0) return NO_ANSWERS;
    if (parts.length === 1) return parts[0] as Answers;
    // The same parts give the same object, so what callers cache by it stays valid.
    if (this.union && this.union.parts.length === parts.length && this.union.parts.every((part, i) => part === parts[i])) return this.union.answers;
    const answers: Answers = { sources: new Set(parts.flatMap((p) => [...p.sources])), articles: new Set(parts.flatMap((p) => [...p.articles])) };
    this.union = { parts, answers };
    return answers;
  }

  private async compute(docId: string): Promise<Answers | null> {
    const linksVersion = await this.store.links.linksVersion();
    const probe = await this.views.with(docId, (view): Probe => {
      const latest = this.latest.get(docId);
      if (latest && latest.linksVersion === linksVersion) {
        const current = latest.view.deref() === view;
        if (current || this.now() - latest.madeAt < STALE_FACTOR * latest.cost) return { answers: latest.answers };
      }
      return { articles: view.articles().map((article) => article.uid) };
    });
    if (!probe) return null;
    if ('answers' in probe.value) return probe.value.answers;

    const started = this.now();
    let articles = probe.value.articles;
    const full = new Map<string, ProvenanceLink>();
    for (let attempt = 0; ; attempt++) {
      const candidates = await this.candidatesOf(docId, linksVersion, articles);
      const step = await this.views.with(docId, (view): Step => {
        const live = view.articles().map((article) => article.uid);
        // An article added or deleted since the candidates were narrowed: narrow them again.
        if (live.join('\n') !== articles.join('\n') && attempt < MAX_ATTEMPTS) return { articles: live };
        const { answers, missing } = answersIn(view, candidates, full);
        if (missing.length > 0 && attempt < MAX_ATTEMPTS) return { missing };
        // Kept only when complete; a document changing faster than passages can be read gives a
        // close answer this time and a complete one at the next question.
        if (missing.length === 0) this.latest.set(docId, { linksVersion, view: new WeakRef(view), answers, madeAt: this.now(), cost: this.now() - started });
        return { answers };
      });
      if (!step) return null;
      const value = step.value;
      if ('answers' in value) return value.answers;
      if ('articles' in value) articles = value.articles;
      else for (const [id, link] of await this.store.links.getLinks(value.missing)) full.set(id, link);
    }
  }

  private async candidatesOf(docId: string, linksVersion: string, articles: readonly string[]): Promise<AnswerCandidates> {
    const articlesKey = articles.join('\n');
    const cached = this.candidates.get(docId);
    if (cached && cached.linksVersion === linksVersion && cached.articlesKey === articlesKey) return cached.value;
    const value = await this.store.reports.answerCandidates(docId, articles);
    this.candidates.set(docId, { linksVersion, articlesKey, value });
    return value;
  }
}

/**
 * The answers in one version of the text. Passages that do not resolve by their own ends need
 * their link in full (`full`); those not read yet are listed in `missing` and count as not live.
 */
function answersIn(view: LiveProvenanceView, candidates: AnswerCandidates, full: ReadonlyMap<string, ProvenanceLink>): { answers: Answers; missing: string[] } {
  const sources = new Set(candidates.wholeArticleSources);
  const articles = new Set(candidates.wholeArticles);
  const missing: string[] = [];
  for (const passage of candidates.passages) {
    if (sources.has(passage.sourceId) && articles.has(passage.articleUid)) continue;
    let live: boolean;
    if (view.resolvesDirectly(passage.id, passage)) live = true;
    else {
      const link = full.get(passage.id);
      if (!link) {
        missing.push(passage.id);
        continue;
      }
      live = view.resolve(link).status === 'live';
    }
    if (live) {
      sources.add(passage.sourceId);
      articles.add(passage.articleUid);
    }
  }
  return { answers: { sources, articles }, missing };
}
