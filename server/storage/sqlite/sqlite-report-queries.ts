/**
 * The report queries (report-queries.ts) in SQLite, on the main store's connection.
 *
 * Petitions are read through `sources_by_kind` (kind, signatures descending, key): every condition
 * and order below is written on the same expression, `COALESCE(signatures, -1)`, so that SQLite
 * answers counts and pages from the index alone. Whole-article answers are read through a partial
 * index of their own, created here because only the reports need it. A list of ids or keys is
 * passed as JSON and CROSS JOINed first, so that SQLite looks each one up instead of scanning the
 * sources once per entry.
 */
import type Database from 'better-sqlite3';
import { isLinkRelation, LINK_RELATIONS, type LinkRelation } from '../../../shared/provenance/link-types.ts';
import type { AnswerCandidates, PassageCandidate, PetitionPosition, PetitionRow, ReportQueries, SignatureRange } from '../report-queries.ts';

/**
 * Whole-article links that may answer (not `declined`): a covering index, so which sources and
 * articles they answer is read without visiting the link rows. Sources by update time: the
 * sources' version (the newest update) is then one index step, not a scan.
 */
const REPORT_INDEXES = `
CREATE INDEX IF NOT EXISTS links_whole_article_answers ON links (doc_id, article_uid, source_id)
  WHERE relation <> 'declined' AND anchor_start IS NULL;
CREATE INDEX IF NOT EXISTS sources_by_update ON sources (updated_at);
`;

const SIGNATURES = 'COALESCE(s.signatures, -1)';
const PETITIONS = `s.kind = 'petition' AND ${SIGNATURES} >= @min`;
/** Strictly after the position (@sig, @key) in the signatures order; true when @sig is null. */
const AFTER = `(@sig IS NULL OR (${SIGNATURES} <= @sig AND (${SIGNATURES} < @sig OR s.key > @key)))`;
const ORDER = `ORDER BY ${SIGNATURES} DESC, s.key`;
const ROW = `s.key, s.id, s.external_ref, s.title, s.sample, ${SIGNATURES} AS signatures`;

const WHOLE = `FROM links w INDEXED BY links_whole_article_answers
  WHERE w.doc_id = @doc AND w.relation <> 'declined' AND w.anchor_start IS NULL
    AND w.article_uid IN (SELECT value FROM json_each(@articles))
    AND w.key NOT IN (SELECT link_key FROM link_retirements)`;

interface Row {
  key: number;
  id: string;
  external_ref: string;
  title: string;
  sample: number;
  signatures: number;
}

interface PassageRow {
  id: string;
  source_id: string;
  article_uid: string;
  anchor_start: string;
  anchor_end: string;
}

type Cursor = { sig: number | null; key: number | null };

const cursorOf = (after: PetitionPosition | null): Cursor => ({ sig: after?.signatures ?? null, key: after?.key ?? null });

function toRow(row: Row): PetitionRow {
  return { key: row.key, id: row.id, externalRef: row.external_ref, title: row.title, sample: row.sample === 1, signatures: row.signatures };
}

export class SqliteReportQueries implements ReportQueries {
  private readonly statements;

  constructor(db: Database.Database) {
    db.exec(REPORT_INDEXES);
    this.statements = {
      documents: db.prepare<[], { doc_id: string }>('SELECT DISTINCT doc_id FROM links'),
      wholeSources: db.prepare<{ doc: string; articles: string }, { source_id: string }>(`SELECT DISTINCT w.source_id ${WHOLE}`),
      wholeArticles: db.prepare<{ doc: string; articles: string }, { article_uid: string }>(`SELECT DISTINCT w.article_uid ${WHOLE}`),
      passages: db.prepare<{ doc: string; articles: string }, PassageRow>(
        `SELECT l.id, l.source_id, l.article_uid, l.anchor_start, l.anchor_end FROM links l
         WHERE l.doc_id = @doc AND l.relation <> 'declined' AND l.anchor_start IS NOT NULL
           AND l.key NOT IN (SELECT link_key FROM link_retirements)
           AND (l.source_id NOT IN (SELECT w.source_id ${WHOLE}) OR l.article_uid NOT IN (SELECT w.article_uid ${WHOLE}))
         ORDER BY l.key`,
      ),
      relations: db.prepare<[string], { relation: string; n: number }>(
        `SELECT relation, COUNT(*) AS n FROM links l
         WHERE l.doc_id = ? AND l.key NOT IN (SELECT link_key FROM link_retirements) GROUP BY relation`,
      ),
      // Imports only create (the key grows) or update (updated_at is the import's time).
      sourcesVersion: db.prepare<[], { key: number | null; at: number | null }>('SELECT (SELECT MAX(key) FROM sources) AS key, (SELECT MAX(updated_at) FROM sources) AS at'),
      count: db.prepare<{ min: number }, { n: number }>(`SELECT COUNT(*) AS n FROM sources s WHERE ${PETITIONS}`),
      positionsOf: db.prepare<[string], { id: string; key: number; signatures: number }>(
        `SELECT s.id, s.key, ${SIGNATURES} AS signatures FROM json_each(?) j CROSS JOIN sources s ON s.id = j.value WHERE s.kind = 'petition'`,
      ),
      positionsAfter: db.prepare<{ min: number; limit: number } & Cursor, PetitionPosition>(
        `SELECT s.key, ${SIGNATURES} AS signatures FROM sources s WHERE ${PETITIONS} AND ${AFTER} ${ORDER} LIMIT @limit`,
      ),
      byKeys: db.prepare<[string], Row>(`SELECT ${ROW} FROM json_each(?) j CROSS JOIN sources s ON s.key = j.value ${ORDER}`),
      rowsAfter: db.prepare<{ min: number; limit: number } & Cursor, Row>(`SELECT ${ROW} FROM sources s WHERE ${PETITIONS} AND ${AFTER} ${ORDER} LIMIT @limit`),
      range: db.prepare<{ min: number; high: number } & Cursor, { n: number; low: number | null; high: number | null }>(
        `SELECT COUNT(*) AS n, MIN(${SIGNATURES}) AS low, MAX(${SIGNATURES}) AS high FROM sources s
         WHERE ${PETITIONS} AND ${SIGNATURES} < @high AND ${AFTER}`,
      ),
    };
  }

  async documentsWithLinks(): Promise<string[]> {
    return this.statements.documents.all().map((row) => row.doc_id);
  }

  async answerCandidates(docId: string, liveArticleUids: readonly string[]): Promise<AnswerCandidates> {
    const params = { doc: docId, articles: JSON.stringify(liveArticleUids) };
    return {
      wholeArticleSources: this.statements.wholeSources.all(params).map((row) => row.source_id),
      wholeArticles: this.statements.wholeArticles.all(params).map((row) => row.article_uid),
      passages: this.statements.passages.all(params).map(
        (row): PassageCandidate => ({ id: row.id, sourceId: row.source_id, articleUid: row.article_uid, start: row.anchor_start, end: row.anchor_end }),
      ),
    };
  }

  async linksPerRelation(docId: string): Promise<Record<LinkRelation, number>> {
    const counts = Object.fromEntries(LINK_RELATIONS.map((relation) => [relation, 0])) as Record<LinkRelation, number>;
    for (const row of this.statements.relations.all(docId)) if (isLinkRelation(row.relation)) counts[row.relation] = row.n;
    return counts;
  }

  async sourcesVersion(): Promise<string> {
    const row = this.statements.sourcesVersion.get();
    return `${row?.key ?? 0}.${row?.at ?? 0}`;
  }

  async countPetitions(minSignatures: number): Promise<number> {
    return this.statements.count.get({ min: minSignatures })?.n ?? 0;
  }

  async petitionPositions(ids: readonly string[]): Promise<Array<PetitionPosition & { id: string }>> {
    if (ids.length === 0) return [];
    return this.statements.positionsOf.all(JSON.stringify(ids));
  }

  async positionsAfter(minSignatures: number, after: PetitionPosition | null, limit: number): Promise<PetitionPosition[]> {
    return this.statements.positionsAfter.all({ min: minSignatures, limit, ...cursorOf(after) });
  }

  async petitionsByKey(keys: readonly number[]): Promise<PetitionRow[]> {
    if (keys.length === 0) return [];
    return this.statements.byKeys.all(JSON.stringify(keys)).map(toRow);
  }

  async petitionsAfter(minSignatures: number, after: PetitionPosition | null, limit: number): Promise<PetitionRow[]> {
    return this.statements.rowsAfter.all({ min: minSignatures, limit, ...cursorOf(after) }).map(toRow);
  }

  async signatureRange(after: PetitionPosition | null, low: number, high: number): Promise<SignatureRange> {
    const row = this.statements.range.get({ min: low, high, ...cursorOf(after) });
    return { count: row?.n ?? 0, min: row?.low ?? low, max: row?.high ?? low };
  }
}
