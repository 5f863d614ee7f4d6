/**
 * The CSV import format (docs/sources.md): one source per row, a header naming the columns. Each row is
 * shaped like the JSON format — text columns as text, numbers and true/false converted when they look
 * like them (otherwise left as text, so validation names the column and says what was expected) — and
 * field paths found by validation are mapped back to column names.
 */
import type { CsvRecord } from './csv-parser.ts';

/** Column → where its value goes in the JSON shape, and which kinds use it. */
const COLUMNS = {
  kind: { path: ['kind'], kinds: null, type: 'text' },
  external_ref: { path: ['externalRef'], kinds: null, type: 'text' },
  title: { path: ['title'], kinds: null, type: 'text' },
  summary: { path: ['summary'], kinds: null, type: 'text' },
  url: { path: ['url'], kinds: null, type: 'url' },
  sample: { path: ['sample'], kinds: null, type: 'boolean' },
  signatures: { path: ['details', 'signatures'], kinds: ['petition'], type: 'count' },
  opened_on: { path: ['details', 'openedOn'], kinds: ['petition'], type: 'nullable' },
  theme: { path: ['details', 'theme'], kinds: ['survey_theme'], type: 'text' },
  question: { path: ['details', 'question'], kinds: ['survey_theme'], type: 'text' },
  responses: { path: ['details', 'responses'], kinds: ['survey_theme'], type: 'nullableCount' },
  sample_responses: { path: ['details', 'sampleResponses'], kinds: ['survey_theme'], type: 'list' },
  date: { path: ['details', 'date'], kinds: ['meeting'], type: 'date' },
  organiser: { path: ['details', 'organiser'], kinds: ['meeting'], type: 'text' },
  place: { path: ['details', 'place'], kinds: ['meeting'], type: 'text' },
  topic: { path: ['details', 'topic'], kinds: ['meeting'], type: 'text' },
  attendees: { path: ['details', 'attendees'], kinds: ['meeting'], type: 'nullableCount' },
  minutes: { path: ['details', 'minutes'], kinds: ['meeting'], type: 'text' },
} as const satisfies Record<string, { path: readonly string[]; kinds: readonly string[] | null; type: string }>;

export type CsvColumn = keyof typeof COLUMNS;
export const CSV_COLUMNS = Object.keys(COLUMNS) as CsvColumn[];
const REQUIRED_COLUMNS: readonly CsvColumn[] = ['kind', 'external_ref', 'title'];
/** How several sample responses share one cell. */
export const SAMPLE_RESPONSE_SEPARATOR = ' | ';

function isColumn(name: string): name is CsvColumn {
  return Object.hasOwn(COLUMNS, name);
}

export interface CsvRow {
  line: number;
  /** The row shaped like one element of the JSON format, for validateSource. */
  value: Record<string, unknown>;
}

export interface CsvProblem {
  line: number;
  column: string;
  reason: string;
}

/** Reads the header and turns each record into a JSON-shaped row; header and cell problems are listed. */
export function csvSourceRows(records: readonly CsvRecord[]): { rows: CsvRow[]; problems: CsvProblem[]; header: string[] } {
  const problems: CsvProblem[] = [];
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, column: '', reason: 'the file is empty (a header line naming the columns comes first)' }], header: [] };
  const names = header.fields.map((name) => name.trim().toLowerCase());
  names.forEach((name, index) => {
    if (!isColumn(name)) problems.push({ line: header.line, column: name || `#${index + 1}`, reason: `unknown column; the columns are ${CSV_COLUMNS.join(', ')}` });
    else if (names.indexOf(name) !== index) problems.push({ line: header.line, column: name, reason: 'the column appears twice' });
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!names.includes(column)) problems.push({ line: header.line, column, reason: 'required column is missing from the header' });
  }
  if (problems.length > 0) return { rows: [], problems, header: names };

  const rows: CsvRow[] = [];
  for (const record of body) {
    // A row of the wrong length is reported as such, not as the empty or shifted values it would
    // otherwise be read as (a missing comma makes every later cell land in the wrong column).
    if (record.fields.length !== names.length) {
      const column = record.fields.length > names.length ? `#${names.length + 1}` : (names[record.fields.length] ?? '');
      problems.push({ line: record.line, column, reason: `the row has ${record.fields.length} field${record.fields.length === 1 ? '' : 's'} but the header names ${names.length}` });
      continue;
    }
    const cells = new Map<CsvColumn, string>();
    names.forEach((name, index) => cells.set(name as CsvColumn, record.fields[index] ?? ''));
    const kind = cells.get('kind')?.trim() ?? '';
    const value: Record<string, unknown> = { kind, details: {} };
    for (const [column, cell] of cells) {
      if (column === 'kind') continue;
      const spec = COLUMNS[column];
      const kinds: readonly string[] | null = spec.kinds;
      if (kinds !== null && !kinds.includes(kind)) {
        if (cell.trim() !== '') problems.push({ line: record.line, column, reason: `this column is for ${kinds.join(', ')} rows; leave it empty for a ${kind || 'row without kind'}` });
        continue;
      }
      const converted = convert(spec.type, cell);
      if (converted === undefined) continue;
      let target = value;
      for (const key of spec.path.slice(0, -1)) target = target[key] as Record<string, unknown>;
      target[spec.path[spec.path.length - 1] as string] = converted;
    }
    rows.push({ line: record.line, value });
  }
  return { rows, problems, header: names };
}

/** The value a cell stands for; undefined leaves the field out (so its default applies). */
function convert(type: (typeof COLUMNS)[CsvColumn]['type'], cell: string): unknown {
  const trimmed = cell.trim();
  switch (type) {
    case 'text':
      return cell;
    case 'url':
    case 'nullable':
      return trimmed === '' ? null : trimmed;
    case 'date':
      // Left out when empty, so that a meeting without a date is told its date is required.
      return trimmed === '' ? undefined : trimmed;
    case 'boolean': {
      if (trimmed === '') return undefined;
      const lower = trimmed.toLowerCase();
      if (['true', 'yes', 'sí', 'si', '1'].includes(lower)) return true;
      if (['false', 'no', '0'].includes(lower)) return false;
      return trimmed;
    }
    case 'count':
    case 'nullableCount':
      if (trimmed === '') return type === 'count' ? undefined : null;
      return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    case 'list':
      return trimmed === '' ? [] : cell.split(SAMPLE_RESPONSE_SEPARATOR.trim()).map((part) => part.trim()).filter((part) => part !== '');
  }
}

/** The CSV column a validation path (["details", "signatures"]) came from. */
export function csvColumnFor(path: readonly (string | number)[]): string {
  const wanted = path.slice(0, 2).join('.');
  for (const name of CSV_COLUMNS) if (COLUMNS[name].path.join('.') === wanted) return name;
  if (path[0] === 'details' && path.length === 1) return 'kind';
  return path.join('.') || 'kind';
}
