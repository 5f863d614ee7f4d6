/**
 * The one check of an imported source, whichever format it came in (CSV rows are first shaped like
 * the JSON format, see csv-source-rows.ts). Limits keep one row from filling the database or a page;
 * the text itself is stored as written — HTML is escaped where it is shown, never stripped here.
 */
import { z } from 'zod';
import { SOURCE_KINDS } from '../../shared/provenance/source-types.ts';
import type { SourceInput } from '../storage/source-store.ts';
import { kindName } from './kind-names.ts';

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

/**
 * A type error's message, unless the field is missing altogether: then "is required", because
 * "must be text" about a field that is not there sends people looking for a wrong value.
 */
const expected = (what: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : what) });
const tooLong = (max: number) => ({ error: `longer than ${max.toLocaleString('en')} characters` });
const required = (max: number) => z.string(expected('must be text')).trim().min(1, { error: 'must not be empty' }).max(max, tooLong(max));
const optionalText = (max: number) => z.string(expected('must be text')).max(max, tooLong(max)).default('');
const count = z
  .number(expected('must be a whole number'))
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must not be negative' })
  .max(SOURCE_LIMITS.count, { error: 'is implausibly large' });

/** YYYY-MM-DD naming a day that exists. */
const isoDate = z
  .string(expected('must be a date written YYYY-MM-DD'))
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written YYYY-MM-DD', abort: true })
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  }, { error: 'is not a day of the calendar' });

/** Only http(s): a javascript: or data: URL in a source would be a link that runs code. */
const httpUrl = z
  .string(expected('must be a URL'))
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
  sample: z.boolean(expected('must be true or false')).default(false),
};

/**
 * A kind's details object. Unknown fields are refused (they are usually typos), one problem per
 * field naming it (see validateSource): the object's own message is only for a missing or
 * non-object `details`.
 */
const detailsObject = <Shape extends z.core.$ZodLooseShape>(shape: Shape, what = 'must be an object') =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : issue.input === undefined ? 'is required' : what) });

const petitionDetails = detailsObject({ signatures: count, openedOn: isoDate.nullable().default(null) });
const petition = z.object({ ...common, kind: z.literal('petition'), details: petitionDetails });

const surveyThemeDetails = detailsObject({
  theme: required(SOURCE_LIMITS.shortText),
  question: required(SOURCE_LIMITS.question),
  responses: count.nullable().default(null),
  sampleResponses: z
    .array(required(SOURCE_LIMITS.sampleResponse), expected('must be a list of texts'))
    .max(SOURCE_LIMITS.sampleResponses, { error: `more than ${SOURCE_LIMITS.sampleResponses} sample responses` })
    .default([]),
});
const surveyTheme = z.object({ ...common, kind: z.literal('survey_theme'), details: surveyThemeDetails });

/**
 * The organiser must be a group or collective, never a private person (no personal data). That
 * cannot be checked mechanically, so any name is accepted; docs/sources.md asks importers for it.
 */
const meetingDetails = detailsObject({
  date: isoDate,
  organiser: required(SOURCE_LIMITS.shortText),
  place: optionalText(SOURCE_LIMITS.shortText),
  topic: optionalText(SOURCE_LIMITS.shortText),
  attendees: count.nullable().default(null),
  minutes: optionalText(SOURCE_LIMITS.minutes),
});
const meeting = z.object({ ...common, kind: z.literal('meeting'), details: meetingDetails });

const noDetails = detailsObject({}, 'must be an object (empty for this kind)').default({});
const proposal = z.object({ ...common, kind: z.literal('proposal'), details: noDetails });
const other = z.object({ ...common, kind: z.literal('other'), details: noDetails });

/** The fields each kind's details may hold, for the message about an unknown one. */
const DETAIL_FIELDS: Record<string, readonly string[]> = {
  petition: Object.keys(petitionDetails.shape),
  survey_theme: Object.keys(surveyThemeDetails.shape),
  meeting: Object.keys(meetingDetails.shape),
  proposal: [],
  other: [],
};

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
      problems: result.error.issues.flatMap((issue): FieldProblem[] => {
        const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
        if (issue.code !== 'unrecognized_keys') return [{ path, reason: issue.message }];
        // One problem per unknown field, at its own path, saying which fields there are.
        const kind = typeof row === 'object' && row !== null && 'kind' in row && typeof row.kind === 'string' ? row.kind : '';
        const known = DETAIL_FIELDS[kind] ?? [];
        const reason = known.length > 0 ? `unknown field; the details of ${kindName(kind)} are ${known.join(', ')}` : `unknown field; ${kindName(kind)} has no details`;
        return issue.keys.map((key) => ({ path: [...path, key], reason }));
      }),
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
