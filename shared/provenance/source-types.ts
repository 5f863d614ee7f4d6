/**
 * Citizen sources as the REST API and the client see them: petitions, survey themes, meetings,
 * proposals and other inputs (DESIGN.md, "Provenance model"). Shared so that the server's answers
 * and the client's views agree on one shape. Validation of untrusted input lives on the server
 * (server/sources/source-validation.ts); these are the trusted shapes after it.
 */

export const SOURCE_KINDS = ['petition', 'survey_theme', 'meeting', 'proposal', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export function isSourceKind(value: unknown): value is SourceKind {
  return typeof value === 'string' && (SOURCE_KINDS as readonly string[]).includes(value);
}

/** Fields every kind has. */
interface SourceCommon {
  /** Stable id given by Carta on first import; re-imports by `externalRef` keep it. */
  id: string;
  /** The identifier in the system the source came from (a change.org slug, a survey question id…); unique. */
  externalRef: string;
  title: string;
  summary: string;
  /** Where the original can be read, or null. Only http(s) URLs are stored. */
  url: string | null;
  /** True for generated example data (never to be presented as real petitions or meetings). */
  sample: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface PetitionDetails {
  signatures: number;
  /** ISO date (YYYY-MM-DD) the petition opened, or null when unknown. */
  openedOn: string | null;
}

export interface SurveyThemeDetails {
  /** The theme ("gran reto"), e.g. "Espacio Público". */
  theme: string;
  /** The survey question it answers. */
  question: string;
  responses: number | null;
  sampleResponses: string[];
}

export interface MeetingDetails {
  /** ISO date (YYYY-MM-DD). */
  date: string;
  /** The organising group: a collective, never a private person. */
  organiser: string;
  place: string;
  topic: string;
  attendees: number | null;
  minutes: string;
}

export type Source =
  | (SourceCommon & { kind: 'petition'; details: PetitionDetails })
  | (SourceCommon & { kind: 'survey_theme'; details: SurveyThemeDetails })
  | (SourceCommon & { kind: 'meeting'; details: MeetingDetails })
  | (SourceCommon & { kind: 'proposal'; details: Record<string, never> })
  | (SourceCommon & { kind: 'other'; details: Record<string, never> });

/**
 * A signature threshold of the drafting process: reaching it obliged the process to do something.
 * Configurable per installation; the defaults are the 2016 campaign's.
 */
export interface Threshold {
  /** 1 for the lowest level, increasing. */
  level: number;
  signatures: number;
  /** What reaching it obliged, in Spanish and English. */
  consequence: { es: string; en: string };
}

export const DEFAULT_THRESHOLDS: readonly Threshold[] = [
  {
    level: 1,
    signatures: 5_000,
    consequence: {
      es: 'Respuesta por escrito de la Secretaría Técnica del grupo redactor',
      en: 'A written answer from the drafting group’s technical secretariat',
    },
  },
  {
    level: 2,
    signatures: 10_000,
    consequence: {
      es: 'Presentada ante integrantes del grupo redactor',
      en: 'Presented to members of the drafting group',
    },
  },
  {
    level: 3,
    signatures: 50_000,
    consequence: {
      es: 'Presentada ante el grupo redactor en pleno y el Jefe de Gobierno, que se comprometió a incluirla',
      en: 'Presented to the whole drafting group and the mayor, who committed to include it',
    },
  },
];

/** The highest threshold level `signatures` reached (0 for none). Thresholds in any order. */
export function thresholdLevelReached(signatures: number, thresholds: readonly Threshold[]): number {
  let level = 0;
  for (const threshold of thresholds) if (signatures >= threshold.signatures && threshold.level > level) level = threshold.level;
  return level;
}
