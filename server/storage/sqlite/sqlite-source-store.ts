/**
 * Citizen sources and signature thresholds in SQLite, sharing the main store's connection so that
 * imports and their audit events commit together. The full-text index (sources_fts) is written in
 * the same transaction as the row it indexes.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  DEFAULT_THRESHOLDS,
  isSourceKind,
  type MeetingDetails,
  type PetitionDetails,
  type Source,
  type SourceKind,
  SOURCE_KINDS,
  type SurveyThemeDetails,
  type Threshold,
} from '../../../shared/provenance/source-types.ts';
import { type ImportOutcome, type KindChange, SourceKindChangeError, type SourceInput, type SourcePage, type SourceQuery, type SourceStore } from '../source-store.ts';
import type { AuditEventInput } from '../store.ts';
import { ftsQueryFor } from './fts-query.ts';
import { SQLITE_SOURCE_SCHEMA } from './sqlite-source-schema.ts';

interface SourceRow {
  key: number;
  id: string;
  kind: string;
  external_ref: string;
  title: string;
  summary: string;
  url: string | null;
  sample: number;
  signatures: number | null;
  event_date: string | null;
  details: string;
  created_at: number;
  updated_at: number;
}

interface ThresholdRow {
  level: number;
  signatures: number;
  consequence_es: string;
  consequence_en: string;
}

/** The column values a SourceInput is stored as; equal values mean an unchanged re-import. */
interface StoredValues {
  kind: SourceKind;
  title: string;
  summary: string;
  url: string | null;
  sample: number;
  signatures: number | null;
  event_date: string | null;
  details: string;
}

/** A position in a result list: after the row with this sort value and key. */
interface Cursor {
  sort: number;
  key: number;
}

const PROGRESS_EVERY = 250;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** Title weighs most in ranking, then the summary, then the rest of the text. */
const RANK = 'bm25(sources_fts, 10.0, 4.0, 1.0)';
const SIGNATURES_ORDER = 'COALESCE(s.signatures, -1)';

/** Thrown when a stored source is not what the schema promises. */
export class SourceIntegrityError extends Error {
  override name = 'SourceIntegrityError';
}

/** A new source id: `src_` and 80 random bits in lowercase base32. */
export function newSourceId(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = 'src_';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export class SqliteSourceStore implements SourceStore {
  private readonly statements;
  private readonly searches = new Map<string, Database.Statement<unknown[], SourceRow & { sort: number }>>();
  private readonly counts = new Map<string, Database.Statement<unknown[], { total: number }>>();

  constructor(
    private readonly db: Database.Database,
    private readonly insertAudit: (event: AuditEventInput) => number,
  ) {
    db.exec(SQLITE_SOURCE_SCHEMA);
    // Seed the defaults only into an empty table: thresholds an admin set survive restarts.
    const seed = db.prepare('INSERT INTO thresholds (level, signatures, consequence_es, consequence_en) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      const { n } = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM thresholds').get() ?? { n: 0 };
      if (n > 0) return;
      for (const t of DEFAULT_THRESHOLDS) seed.run(t.level, t.signatures, t.consequence.es, t.consequence.en);
    }).immediate();

    this.statements = {
      byRef: db.prepare<[string], SourceRow>('SELECT * FROM sources WHERE external_ref = ?'),
      byId: db.prepare<[string], SourceRow>('SELECT * FROM sources WHERE id = ?'),
      // One statement for a whole page of ids (a JSON array), instead of one lookup per id.
      byIds: db.prepare<[string], SourceRow>('SELECT * FROM sources WHERE id IN (SELECT value FROM json_each(?))'),
      insert: db.prepare(
        `INSERT INTO sources (id, kind, external_ref, title, summary, url, sample, signatures, event_date, details, created_at, updated_at)
         VALUES (@id, @kind, @external_ref, @title, @summary, @url, @sample, @signatures, @event_date, @details, @at, @at)`,
      ),
      update: db.prepare(
        `UPDATE sources SET kind = @kind, title = @title, summary = @summary, url = @url, sample = @sample,
         signatures = @signatures, event_date = @event_date, details = @details, updated_at = @at WHERE key = @key`,
      ),
      ftsDelete: db.prepare('DELETE FROM sources_fts WHERE rowid = ?'),
      ftsInsert: db.prepare('INSERT INTO sources_fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)'),
      countByKind: db.prepare<[], { kind: string; n: number }>('SELECT kind, COUNT(*) AS n FROM sources GROUP BY kind'),
      thresholds: db.prepare<[], ThresholdRow>('SELECT level, signatures, consequence_es, consequence_en FROM thresholds ORDER BY level'),
      clearThresholds: db.prepare('DELETE FROM thresholds'),
      insertThreshold: db.prepare('INSERT INTO thresholds (level, signatures, consequence_es, consequence_en) VALUES (?, ?, ?, ?)'),
    };
  }

  async importSources(
    sources: readonly SourceInput[],
    actor: { id: string; file: string },
    at: number,
    onProgress?: (done: number) => void,
  ): Promise<ImportOutcome> {
    const run = this.db.transaction((): ImportOutcome => {
      const outcome: ImportOutcome = { created: 0, updated: 0, unchanged: 0 };
      const kindChanges: KindChange[] = [];
      sources.forEach((input, index) => {
        const values = storedValues(input);
        const existing = this.statements.byRef.get(input.externalRef);
        if (existing && existing.kind !== input.kind) {
          kindChanges.push({ index, externalRef: input.externalRef, id: existing.id, storedKind: existing.kind, importedKind: input.kind });
        } else if (!existing) {
          const inserted = this.statements.insert.run({ id: newSourceId(), external_ref: input.externalRef, at, ...values });
          this.index(Number(inserted.lastInsertRowid), input);
          outcome.created++;
        } else if (sameValues(existing, values)) {
          outcome.unchanged++;
        } else {
          this.statements.update.run({ key: existing.key, at, ...values });
          this.statements.ftsDelete.run(existing.key);
          this.index(existing.key, input);
          outcome.updated++;
        }
        if (onProgress && (index + 1) % PROGRESS_EVERY === 0) onProgress(index + 1);
      });
      // Thrown inside the transaction, so that everything written above is rolled back.
      if (kindChanges.length > 0) throw new SourceKindChangeError(kindChanges);
      this.insertAudit({ at, actorId: actor.id, action: 'sources.import', subject: actor.file, detail: { rows: sources.length, ...outcome } });
      return outcome;
    });
    const outcome = run.immediate();
    onProgress?.(sources.length);
    return outcome;
  }

  private index(key: number, input: SourceInput): void {
    // Indexed as NFC so that decomposed accents fold like precomposed ones; the row keeps the original.
    this.statements.ftsInsert.run(key, input.title.normalize('NFC'), input.summary.normalize('NFC'), searchableDetails(input).normalize('NFC'));
  }

  async getSource(id: string): Promise<Source | null> {
    const row = this.statements.byId.get(id);
    return row ? toSource(row) : null;
  }

  async getSources(ids: readonly string[]): Promise<Map<string, Source>> {
    const found = new Map<string, Source>();
    if (ids.length === 0) return found;
    for (const row of this.statements.byIds.all(JSON.stringify([...new Set(ids)]))) found.set(row.id, toSource(row));
    return found;
  }

  async searchSources(query: SourceQuery): Promise<SourcePage> {
    const match = query.q === undefined ? null : ftsQueryFor(query.q);
    const where: string[] = [];
    const params: unknown[] = [];
    if (match !== null) params.push(match);
    if (query.kind) {
      where.push('s.kind = ?');
      params.push(query.kind);
    }
    if (query.minSignatures !== undefined && query.minSignatures > 0) {
      where.push('s.signatures >= ?');
      params.push(query.minSignatures);
    }
    if (query.minLevel !== undefined && query.minLevel > 0) {
      // Level ≥ L exactly when the signatures reach the lowest threshold of any level ≥ L.
      const reaching = (await this.thresholds()).filter((t) => t.level >= (query.minLevel ?? 0)).map((t) => t.signatures);
      if (reaching.length === 0) return { sources: [], total: 0, next: null };
      where.push('s.signatures >= ?');
      params.push(Math.min(...reaching));
    }
    if (query.includeSample === false) where.push('s.sample = 0');

    const from =
      match === null
        ? `SELECT s.*, ${SIGNATURES_ORDER} AS sort FROM sources s`
        : `SELECT s.*, ${RANK} AS sort FROM sources_fts JOIN sources s ON s.key = sources_fts.rowid`;
    const conditions = [...(match === null ? [] : ['sources_fts MATCH ?']), ...where];
    const filtered = `${from}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
    // Relevance ascends (bm25 is smaller for better matches); signatures descend.
    const order = match === null ? { before: '<', direction: 'DESC' } : { before: '>', direction: 'ASC' };

    const cursor = query.after ? decodeCursor(query.after) : null;
    const pageSql = `SELECT * FROM (${filtered})${cursor ? ` WHERE (sort ${order.before} ? OR (sort = ? AND key > ?))` : ''} ORDER BY sort ${order.direction}, key LIMIT ?`;
    const rows = this.search(pageSql).all(...params, ...(cursor ? [cursor.sort, cursor.sort, cursor.key] : []), query.limit + 1);
    const total = this.count(`SELECT COUNT(*) AS total FROM (${filtered})`).get(...params)?.total ?? 0;
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      sources: page.map(toSource),
      total,
      next: rows.length > query.limit && last ? encodeCursor({ sort: last.sort, key: last.key }) : null,
    };
  }

  private search(sql: string): Database.Statement<unknown[], SourceRow & { sort: number }> {
    let statement = this.searches.get(sql);
    if (!statement) this.searches.set(sql, (statement = this.db.prepare<unknown[], SourceRow & { sort: number }>(sql)));
    return statement;
  }

  private count(sql: string): Database.Statement<unknown[], { total: number }> {
    let statement = this.counts.get(sql);
    if (!statement) this.counts.set(sql, (statement = this.db.prepare<unknown[], { total: number }>(sql)));
    return statement;
  }

  async countSources(): Promise<Record<SourceKind, number>> {
    const counts = Object.fromEntries(SOURCE_KINDS.map((kind) => [kind, 0])) as Record<SourceKind, number>;
    for (const row of this.statements.countByKind.all()) if (isSourceKind(row.kind)) counts[row.kind] = row.n;
    return counts;
  }

  async thresholds(): Promise<Threshold[]> {
    return this.statements.thresholds.all().map((row) => ({
      level: row.level,
      signatures: row.signatures,
      consequence: { es: row.consequence_es, en: row.consequence_en },
    }));
  }

  async setThresholds(thresholds: readonly Threshold[], actorId: string, at: number): Promise<void> {
    this.db
      .transaction(() => {
        this.statements.clearThresholds.run();
        for (const t of thresholds) this.statements.insertThreshold.run(t.level, t.signatures, t.consequence.es, t.consequence.en);
        this.insertAudit({ at, actorId, action: 'thresholds.set', subject: 'thresholds', detail: { thresholds: thresholds.map((t) => ({ level: t.level, signatures: t.signatures })) } });
      })
      .immediate();
  }
}

/**
 * The details in a fixed key order, so that the same input always serialises to the same JSON
 * (and an unchanged re-import is recognised) whatever order its fields arrived in.
 */
function canonicalDetails(input: SourceInput): PetitionDetails | SurveyThemeDetails | MeetingDetails | Record<string, never> {
  switch (input.kind) {
    case 'petition':
      return { signatures: input.details.signatures, openedOn: input.details.openedOn };
    case 'survey_theme':
      return { theme: input.details.theme, question: input.details.question, responses: input.details.responses, sampleResponses: [...input.details.sampleResponses] };
    case 'meeting': {
      const d = input.details;
      return { date: d.date, organiser: d.organiser, place: d.place, topic: d.topic, attendees: d.attendees, minutes: d.minutes };
    }
    case 'proposal':
    case 'other':
      return {};
  }
}

function storedValues(input: SourceInput): StoredValues {
  return {
    kind: input.kind,
    title: input.title,
    summary: input.summary,
    url: input.url,
    sample: input.sample ? 1 : 0,
    signatures: input.kind === 'petition' ? input.details.signatures : null,
    event_date: input.kind === 'petition' ? input.details.openedOn : input.kind === 'meeting' ? input.details.date : null,
    details: JSON.stringify(canonicalDetails(input)),
  };
}

function sameValues(row: SourceRow, values: StoredValues): boolean {
  return (
    row.kind === values.kind &&
    row.title === values.title &&
    row.summary === values.summary &&
    row.url === values.url &&
    row.sample === values.sample &&
    row.signatures === values.signatures &&
    row.event_date === values.event_date &&
    row.details === values.details
  );
}

/** The text of a source's details that a search should find, besides its title and summary. */
function searchableDetails(input: SourceInput): string {
  switch (input.kind) {
    case 'survey_theme':
      return [input.details.theme, input.details.question, ...input.details.sampleResponses].join('\n');
    case 'meeting':
      return [input.details.organiser, input.details.place, input.details.topic, input.details.minutes].join('\n');
    case 'petition':
    case 'proposal':
    case 'other':
      return '';
  }
}

function toSource(row: SourceRow): Source {
  const common = {
    id: row.id,
    externalRef: row.external_ref,
    title: row.title,
    summary: row.summary,
    url: row.url,
    sample: row.sample === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  // The details were written by storedValues from a validated input: trusted here.
  const details: unknown = JSON.parse(row.details);
  switch (row.kind) {
    case 'petition':
      return { ...common, kind: 'petition', details: details as PetitionDetails };
    case 'survey_theme':
      return { ...common, kind: 'survey_theme', details: details as SurveyThemeDetails };
    case 'meeting':
      return { ...common, kind: 'meeting', details: details as MeetingDetails };
    case 'proposal':
      return { ...common, kind: 'proposal', details: {} };
    case 'other':
      return { ...common, kind: 'other', details: {} };
    default:
      throw new SourceIntegrityError(`source "${row.id}" has unknown kind "${row.kind}"`);
  }
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key])).toString('base64url');
}

/** Thrown for an `after` cursor that this store did not hand out. */
export class BadCursorError extends Error {
  override name = 'BadCursorError';
}

function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && Number.isFinite(value[0]) && Number.isInteger(value[1])) {
      return { sort: value[0], key: value[1] as number };
    }
  } catch {
    // not a cursor of ours: refused below
  }
  throw new BadCursorError('the "after" cursor is not one this server handed out');
}
