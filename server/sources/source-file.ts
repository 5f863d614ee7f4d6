/**
 * From the bytes of an import file to the sources to store, or to every problem found (up to a cap)
 * and nothing else: strict UTF-8, control characters removed, the format's rows, one validation,
 * external references unique within the file. Used by the CLI and the REST upload alike.
 */
import type { SourceInput } from '../storage/source-store.ts';
import { stripControlCharacters } from './control-characters.ts';
import { parseCsv } from './csv-parser.ts';
import { csvColumnFor, csvSourceRows } from './csv-source-rows.ts';
import { type ImportProblem, ProblemList } from './import-problem.ts';
import { jsonSourceRows } from './json-source-rows.ts';
import { validateSource } from './source-validation.ts';
import { decodeUtf8 } from './utf8-decoding.ts';

export const SOURCE_FORMATS = ['csv', 'json'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Where a source came from in its file, to name it in a problem found later (when it is stored). */
export interface SourcePlace {
  line: number;
  /** The column (CSV) or field path (JSON) of its kind. */
  kindColumn: string;
}

/** The sources in file order, each with its place; or the problems, in file order. */
export type ParsedSourceFile = { ok: true; sources: SourceInput[]; places: SourcePlace[] } | { ok: false; message: string; problems: ImportProblem[] };

/** One row ready for validation, with what is needed to name where a problem is. */
interface LocatedRow {
  line: number;
  value: unknown;
  column: (path: readonly (string | number)[]) => string;
  /** Sorts problems of one line (see ProblemList). */
  rank: (column: string) => number;
}

/** Reads and checks a whole file; `file` names it in the summary message. */
export function parseSourceFile(bytes: Uint8Array, format: SourceFormat, file: string): ParsedSourceFile {
  const problems = new ProblemList();
  const refuse = (): ParsedSourceFile => ({ ok: false, message: problems.summary(file), problems: problems.items });
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    problems.add({ line: decoded.line, column: '', reason: decoded.reason });
    return refuse();
  }

  if (decoded.text.trim() === '') {
    problems.add({ line: 1, column: '', reason: format === 'csv' ? 'the file is empty (a header line naming the columns comes first)' : 'the file is empty (a JSON array of sources is expected)' });
    return refuse();
  }

  const rows: LocatedRow[] = [];
  if (format === 'csv') {
    const csv = parseCsv(decoded.text);
    for (const error of csv.errors) problems.add({ line: error.line, column: `#${error.field}`, reason: error.reason }, error.field - 1);
    if (csv.errors.length > 0) return refuse();
    const shaped = csvSourceRows(csv.records.map((record) => ({ line: record.line, fields: record.fields.map(stripControlCharacters) })));
    // Columns sort in the header's order; "#N" is the N-th field; a missing column comes last.
    const rank = (column: string): number => {
      const position = /^#(\d+)$/.exec(column)?.[1];
      const index = position !== undefined ? Number(position) - 1 : shaped.header.indexOf(column);
      return index >= 0 ? index : shaped.header.length;
    };
    for (const problem of shaped.problems) problems.add(problem, rank(problem.column));
    for (const row of shaped.rows) rows.push({ line: row.line, value: row.value, column: csvColumnFor, rank });
  } else {
    const json = jsonSourceRows(decoded.text);
    if (!json.ok) {
      problems.add({ line: json.line, column: '', reason: json.reason });
      return refuse();
    }
    for (const row of json.rows) {
      // Several elements may start on one line: theirs sort by index, a row's own as found.
      rows.push({ line: row.line, value: cleanStrings(row.value), column: (path) => `[${row.index}]${path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('')}`, rank: () => row.index });
    }
  }

  const sources: SourceInput[] = [];
  const places: SourcePlace[] = [];
  const firstLineOf = new Map<string, number>();
  const add = (row: LocatedRow, column: string, reason: string): void => problems.add({ line: row.line, column, reason }, row.rank(column));
  for (const row of rows) {
    // Duplicates are looked for even in rows that fail otherwise, so that one pass finds both.
    const ref = externalRefOf(row.value);
    const seen = ref === null ? undefined : firstLineOf.get(ref);
    if (ref !== null && seen === undefined) firstLineOf.set(ref, row.line);
    if (seen !== undefined) add(row, row.column(['externalRef']), `external reference "${ref}" is already used on line ${seen}`);
    const result = validateSource(row.value);
    if (!result.ok) {
      for (const problem of result.problems) add(row, row.column(problem.path), problem.reason);
    } else if (seen === undefined) {
      sources.push(result.source);
      places.push({ line: row.line, kindColumn: row.column(['kind']) });
    }
  }
  return problems.count > 0 ? refuse() : { ok: true, sources, places };
}

/** Removes control characters from every string (keys included) of a parsed JSON value. */
function cleanStrings(value: unknown): unknown {
  if (typeof value === 'string') return stripControlCharacters(value);
  if (Array.isArray(value)) return value.map(cleanStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [stripControlCharacters(key), cleanStrings(inner)]));
  }
  return value;
}

function externalRefOf(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || !('externalRef' in value)) return null;
  return typeof value.externalRef === 'string' ? value.externalRef.trim() : null;
}

/** The format a file name suggests, or null. */
export function formatOfFileName(name: string): SourceFormat | null {
  const lower = name.toLowerCase();
  return lower.endsWith('.csv') ? 'csv' : lower.endsWith('.json') ? 'json' : null;
}
