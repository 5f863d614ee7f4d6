/**
 * The public reports as the REST API answers them and the trace pages read them (docs/api.md,
 * "Sources and provenance"): commitments per threshold, pages of petitions, and the dashboard's
 * figures with the chart's summary. Every list in them is a page or a summary, never everything.
 */
import type { LinkRelation } from './link-types.ts';
import type { SourceKind, Threshold } from './source-types.ts';

/** An article whose live link answers a petition. */
export interface AnsweringArticle {
  docId: string;
  uid: string;
  /** The article's number now (null when its document is gone). */
  num: string | null;
}

export interface PetitionSummary {
  id: string;
  externalRef: string;
  title: string;
  signatures: number;
  /** The highest threshold level reached (0 for none). */
  level: number;
  sample: boolean;
}

export interface PetitionEntry extends PetitionSummary {
  /** True when live text answers it (a live, non-retired link that is not `declined`). */
  linked: boolean;
  /** The articles whose live links answer it (empty when not linked). */
  articles: AnsweringArticle[];
}

/** One page of a list of petitions, most signatures first. */
export interface PetitionPage {
  /** How many petitions the list holds in all its pages. */
  total: number;
  petitions: PetitionEntry[];
  /** The `after` of the next page, or null on the last one. */
  next: string | null;
}

/** The lists of petitions: every one, those the text answers, those it does not. */
export const PETITION_LISTS = ['all', 'honoured', 'notHonoured'] as const;
export type PetitionList = (typeof PETITION_LISTS)[number];

/** `GET /api/reports/petitions`. */
export interface PetitionListPage extends PetitionPage {
  docId: string | null;
  minLevel: number;
  list: PetitionList;
}

export interface CommitmentLevel extends Threshold {
  /** Petitions with at least this threshold's signatures. */
  reached: number;
  honoured: PetitionPage;
  notHonoured: PetitionPage;
}

/** `GET /api/reports/commitments`. */
export interface CommitmentsReport {
  docId: string | null;
  thresholds: CommitmentLevel[];
}

export interface ChartPoint {
  id: string;
  title: string;
  signatures: number;
  level: number;
  linked: boolean;
  sample: boolean;
}

/** Petitions after the chart's points with signatures from `min` to `max` (as found). */
export interface ChartBin {
  min: number;
  max: number;
  count: number;
  /** How many of them have linked text. */
  linked: number;
}

/** What the chart of petitions by signatures draws. */
export interface SignaturesSummary {
  thresholds: Threshold[];
  /** Every petition. */
  total: number;
  /** Petitions with linked text. */
  linked: number;
  /** Petitions with no signatures. */
  zero: number;
  /** The most signed petitions, one by one, most first. */
  points: ChartPoint[];
  /** The others, grouped by signatures, most first; empty when every petition is a point. */
  bins: ChartBin[];
}

/** `GET /api/reports/provenance`. */
export interface ProvenanceReport {
  docId: string;
  articles: {
    /** Numbered articles (transitory articles are counted apart). */
    total: number;
    /** Numbered articles with at least one live link that is not `declined`. */
    withCitizenProvenance: number;
    /** withCitizenProvenance / total (0 when there are no articles). */
    share: number;
    transitorios: { total: number; withCitizenProvenance: number };
  };
  sourcesPerKind: Record<SourceKind, number>;
  /** Links that are not retired (orphaned passages included). */
  linksPerRelation: Record<LinkRelation, number>;
  petitionsBySignatures: SignaturesSummary;
}
