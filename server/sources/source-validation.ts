/**
 * The one check of an imported source, whichever format it came in (CSV rows are first shaped like
 * the JSON format, see csv-source-rows.ts). Limits keep one row from filling the database or a page;
 * the text itself is stored as written — HTML is escaped where it is shown, never stripped here.
 */
import { z } from 'zod';
import { SOURCE_KINDS } from '../../shared/provenance/source-types.ts';
import type { SourceInput } from '../storage/source-store.ts';

export const SOURCE_LIMITS = {
  externalRef: 200,
  title: 300,
  summary: 5_000,
  url: 2_000,
  shortText: 300,
  question: 1_000,
  sampleResponse: 1_000,
  sampleResponses: 20,
  minutes: 50_000,
  count: 1_000_000_000,
} as const;

const tooLong = (max: number) => ({ error: `longer than ${max.toLocaleString('en')} characters` });
const required = (max: number) => z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' }).max(max, tooLong(max));
const optionalText = (max: number) => z.string({ error: 'must be text' }).max(max, tooLong(max)).default('');
const count = z
  .number({ error: 'must be a whole number' })
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must not be negative' })
  .max(SOURCE_LIMITS.count, { error: 'is implausibly large' });

/** YYYY-MM-DD naming a day that exists. */
const isoDate = z
  .string({ error: 'must be a date written YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written YYYY-MM-DD', abort: true })
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  }, { error: 'is not a day of the calendar' });

/** Only http(s): a javascript: or data: URL in a source would be a link that runs code. */
const httpUrl = z
  .string({ error: 'must be a URL' })
  .trim()
  .max(SOURCE_LIMITS.url, tooLong(SOURCE_LIMITS.url))
  .refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, { error: 'must be an http:// or https:// URL' });

const common = {
  externalRef: required(SOURCE_LIMITS.externalRef),
  title: required(SOURCE_LIMITS.title),
  summary: optionalText(SOURCE_LIMITS.summary),
  url: httpUrl.nullable().default(null),
  sample: z.boolean({ error: 'must be true or false' }).default(false),
};

const petition = z.object({
  ...common,
  kind: z.literal('petition'),
  details: z.strictObject({ signatures: count, openedOn: isoDate.nullable().default(null) }, { error: 'must be an object' }),
});

const surveyTheme = z.object({
  ...common,
  kind: z.literal('survey_theme'),
  details: z.strictObject(
    {
      theme: required(SOURCE_LIMITS.shortText),
      question: required(SOURCE_LIMITS.question),
      responses: count.nullable().default(null),
      sampleResponses: z
        .array(required(SOURCE_LIMITS.sampleResponse), { error: 'must be a list of texts' })
        .max(SOURCE_LIMITS.sampleResponses, { error: `more than ${SOURCE_LIMITS.sampleResponses} sample responses` })
        .default([]),
    },
    { error: 'must be an object' },
  ),
});

/**
 * The organiser must be a group or collective, never a private person (no personal data). That
 * cannot be checked mechanically, so any name is accepted; docs/sources.md asks importers for it.
 */
const meeting = z.object({
  ...common,
  kind: z.literal('meeting'),
  details: z.strictObject(
    {
      date: isoDate,
      organiser: required(SOURCE_LIMITS.shortText),
      place: optionalText(SOURCE_LIMITS.shortText),
      topic: optionalText(SOURCE_LIMITS.shortText),
      attendees: count.nullable().default(null),
      minutes: optionalText(SOURCE_LIMITS.minutes),
    },
    { error: 'must be an object' },
  ),
});

const noDetails = z.strictObject({}, { error: 'must be an object (empty for this kind)' }).default({});
const proposal = z.object({ ...common, kind: z.literal('proposal'), details: noDetails });
const other = z.object({ ...common, kind: z.literal('other'), details: noDetails });

const sourceSchema = z.discriminatedUnion('kind', [petition, surveyTheme, meeting, proposal, other], {
  error: `kind must be one of ${SOURCE_KINDS.join(', ')}`,
});

export interface FieldProblem {
  /** Path of the field in the JSON shape, e.g. ["details", "signatures"]; empty for the whole row. */
  path: (string | number)[];
  reason: string;
}

export type ValidatedSource = { ok: true; source: SourceInput } | { ok: false; problems: FieldProblem[] };

/** Checks one untrusted row (already free of control characters) against its kind's rules. */
export function validateSource(row: unknown): ValidatedSource {
  const result = sourceSchema.safeParse(row);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((issue) => ({
        path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
        reason: issue.message,
      })),
    };
  }
  const value = result.data;
  // Rebuilt field by field so that the stored shape is exactly SourceInput, whatever zod passes through.
  const base = { externalRef: value.externalRef, title: value.title, summary: value.summary, url: value.url, sample: value.sample };
  switch (value.kind) {
    case 'petition':
      return { ok: true, source: { ...base, kind: 'petition', details: { signatures: value.details.signatures, openedOn: value.details.openedOn } } };
    case 'survey_theme':
      return { ok: true, source: { ...base, kind: 'survey_theme', details: { ...value.details, sampleResponses: [...value.details.sampleResponses] } } };
    case 'meeting':
      return { ok: true, source: { ...base, kind: 'meeting', details: { ...value.details } } };
    case 'proposal':
      return { ok: true, source: { ...base, kind: 'proposal', details: {} } };
    case 'other':
      return { ok: true, source: { ...base, kind: 'other', details: {} } };
  }
}
