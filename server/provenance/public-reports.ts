/**
 * The public reports (docs/api.md, "Sources and provenance"), composed from parts that are each
 * kept until what they depend on changes: which sources and articles the text answers (per version
 * of the text and of the links, answer-index.ts), where the answered petitions stand (and the
 * sources), the chart's summary, sources per kind (the sources) and links per relation (the links).
 * Anyone may ask for these, so none of them reads every petition or every link per request.
 */
import type { LinkRelation } from '../../shared/provenance/link-types.ts';
import type { CommitmentsReport, PetitionPage, ProvenanceReport } from '../../shared/provenance/report-types.ts';
import type { SourceKind, Threshold } from '../../shared/provenance/source-types.ts';
import type { CartaStore } from '../storage/store.ts';
import { AnswerIndex, type Answers } from './answer-index.ts';
import { AnsweringArticles } from './answering-articles.ts';
import { commitmentsReport } from './commitments-report.ts';
import type { LiveProvenanceViews } from './live-provenance-views.ts';
import { type PetitionPageQuery, petitionPage, type PetitionSources } from './petition-list.ts';
import { type PetitionStanding, PetitionStandings } from './petition-standing.ts';
import { provenanceReport } from './provenance-report.ts';
import { SignaturesSummaries } from './signatures-summary.ts';

/** One value kept while its version is the same. */
class Kept<T> {
  private value: { version: string; value: T } | null = null;

  async get(version: string, make: () => Promise<T>): Promise<T> {
    if (this.value?.version === version) return this.value.value;
    const value = await make();
    this.value = { version, value };
    return value;
  }
}

export class PublicReports {
  private readonly answers: AnswerIndex;
  private readonly standings: PetitionStandings;
  private readonly articles: AnsweringArticles;
  private readonly summaries: SignaturesSummaries;
  private readonly kinds = new Kept<Record<SourceKind, number>>();
  private readonly relations = new Map<string, Kept<Record<LinkRelation, number>>>();
  /** Commitments reports by standing (answers and sources), then by document, page size and thresholds. */
  private readonly reports = new WeakMap<PetitionStanding, Map<string, CommitmentsReport>>();

  constructor(
    private readonly store: CartaStore,
    private readonly views: LiveProvenanceViews,
  ) {
    this.answers = new AnswerIndex(store, views);
    this.standings = new PetitionStandings(store);
    this.articles = new AnsweringArticles(store, views);
    this.summaries = new SignaturesSummaries(store);
  }

  thresholds(): Promise<Threshold[]> {
    return this.store.sources.thresholds();
  }

  /** Commitments per threshold with each list's first page; null for an unknown document. */
  async commitments(docId: string | null, limit: number): Promise<CommitmentsReport | null> {
    const from = await this.sourcesOf(docId);
    if (!from) return null;
    // The same answers, sources and thresholds give the same report: asked again, it costs nothing.
    let known = this.reports.get(from.standing);
    if (!known) this.reports.set(from.standing, (known = new Map()));
    const key = JSON.stringify([docId, limit, from.thresholds]);
    let report = known.get(key);
    if (!report) known.set(key, (report = await commitmentsReport(from, docId, limit)));
    return report;
  }

  /** A page of petitions; null for an unknown document. */
  async petitions(query: PetitionPageQuery): Promise<PetitionPage | null> {
    const from = await this.sourcesOf(query.docId);
    return from ? petitionPage(from, query) : null;
  }

  /** The dashboard's figures for one document; null when there is no such document. */
  async provenance(docId: string): Promise<ProvenanceReport | null> {
    const articles = await this.views.with(docId, (view) => view.articles());
    const answers = await this.answers.ofDocument(docId);
    if (!articles || !answers) return null;
    const thresholds = await this.thresholds();
    const standing = await this.standings.of(answers);
    const sourcesVersion = await this.store.reports.sourcesVersion();
    const linksVersion = await this.store.links.linksVersion();
    let relations = this.relations.get(docId);
    if (!relations) this.relations.set(docId, (relations = new Kept()));
    return provenanceReport(
      docId,
      articles.value,
      answers,
      await this.kinds.get(sourcesVersion, () => this.store.sources.countSources()),
      await relations.get(linksVersion, () => this.store.reports.linksPerRelation(docId)),
      await this.summaries.of(standing, thresholds),
    );
  }

  private async sourcesOf(docId: string | null): Promise<PetitionSources | null> {
    let answers: Answers | null;
    if (docId === null) answers = await this.answers.ofAll();
    else answers = await this.answers.ofDocument(docId);
    if (!answers) return null;
    return { store: this.store, standing: await this.standings.of(answers), thresholds: await this.thresholds(), articles: this.articles };
  }
}
