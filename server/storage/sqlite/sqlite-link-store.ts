/**
 * Provenance links in SQLite, sharing the main store's connection so that a link, its retirement
 * and their audit events commit in one transaction.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { isLinkRelation, type LinkMark, type PassageAnchor, type ProvenanceLink } from '../../../shared/provenance/link-types.ts';
import { LinkAlreadyRetiredError, type LinkFilter, type LinkInput, type LinkStore } from '../link-store.ts';
import type { AuditEventInput } from '../store.ts';
import { SQLITE_LINK_SCHEMA } from './sqlite-link-schema.ts';

interface LinkRow {
  key: number;
  id: string;
  doc_id: string;
  article_uid: string;
  source_id: string;
  relation: string;
  rationale: string;
  anchor_start: string | null;
  anchor_end: string | null;
  quote: string | null;
  prefix: string | null;
  suffix: string | null;
  created_by: string;
  created_by_name: string | null;
  created_at: number;
  replaces: string | null;
  reason: string | null;
  retired_by: string | null;
  retired_by_name: string | null;
  retired_at: number | null;
}

/** Thrown when a stored link is not what the schema promises, or a replaced link does not exist. */
export class LinkIntegrityError extends Error {
  override name = 'LinkIntegrityError';
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A new link id: `lnk_` and 80 random bits in lowercase base32. */
export function newLinkId(): string {
  let out = 'lnk_';
  let value = 0;
  let bits = 0;
  for (const byte of randomBytes(10)) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

const SELECT = `
SELECT l.*, cu.name AS created_by_name, r.reason, r.retired_by, ru.name AS retired_by_name, r.retired_at
FROM links l
LEFT JOIN link_retirements r ON r.link_key = l.key
LEFT JOIN users cu ON cu.id = l.created_by
LEFT JOIN users ru ON ru.id = r.retired_by`;

export class SqliteLinkStore implements LinkStore {
  private readonly statements;
  /** One prepared statement per shape of filter (which fields are set). */
  private readonly listings = new Map<string, Database.Statement<unknown[], LinkRow>>();
  private readonly counts = new Map<string, Database.Statement<unknown[], { n: number }>>();

  constructor(
    private readonly db: Database.Database,
    private readonly insertAudit: (event: AuditEventInput) => number,
  ) {
    db.exec(SQLITE_LINK_SCHEMA);
    this.statements = {
      byId: db.prepare<[string], LinkRow>(`${SELECT} WHERE l.id = ?`),
      insert: db.prepare(
        `INSERT INTO links (id, doc_id, article_uid, source_id, relation, rationale, anchor_start, anchor_end, quote, prefix, suffix, created_by, created_at, replaces)
         VALUES (@id, @doc_id, @article_uid, @source_id, @relation, @rationale, @anchor_start, @anchor_end, @quote, @prefix, @suffix, @created_by, @created_at, @replaces)`,
      ),
      retire: db.prepare('INSERT INTO link_retirements (link_key, reason, retired_by, retired_at) VALUES (?, ?, ?, ?)'),
      marks: db.prepare<[string], { id: string; article_uid: string; source_id: string; anchor_start: string | null; anchor_end: string | null; relation: string }>(
        `SELECT l.id, l.article_uid, l.source_id, l.anchor_start, l.anchor_end, l.relation FROM links l
         WHERE l.doc_id = ? AND NOT EXISTS (SELECT 1 FROM link_retirements r WHERE r.link_key = l.key) ORDER BY l.key`,
      ),
      version: db.prepare<[], { links: number; retirements: number }>(
        'SELECT (SELECT COALESCE(MAX(key), 0) FROM links) AS links, (SELECT COALESCE(MAX(rowid), 0) FROM link_retirements) AS retirements',
      ),
      at: db.prepare<[string, number, number], LinkRow>(
        `${SELECT} WHERE l.doc_id = ? AND l.created_at <= ? AND (r.retired_at IS NULL OR r.retired_at > ?) ORDER BY l.key`,
      ),
    };
  }

  private insertLink(input: LinkInput, actorId: string, at: number): string {
    const id = newLinkId();
    this.statements.insert.run({
      id,
      doc_id: input.docId,
      article_uid: input.articleUid,
      source_id: input.sourceId,
      relation: input.relation,
      rationale: input.rationale,
      anchor_start: input.anchor?.start ?? null,
      anchor_end: input.anchor?.end ?? null,
      quote: input.anchor?.quote ?? null,
      prefix: input.anchor?.prefix ?? null,
      suffix: input.anchor?.suffix ?? null,
      created_by: actorId,
      created_at: at,
      replaces: input.replaces,
    });
    this.insertAudit({
      at,
      actorId,
      action: 'link.create',
      subject: id,
      detail: {
        docId: input.docId,
        sourceId: input.sourceId,
        articleUid: input.articleUid,
        relation: input.relation,
        passage: input.anchor !== null,
        ...(input.replaces === null ? {} : { replaces: input.replaces }),
      },
    });
    return id;
  }

  /** Retires within the caller's transaction; null when there is no such link. */
  private retireRow(id: string, reason: string, actorId: string, at: number): LinkRow | null {
    const row = this.statements.byId.get(id);
    if (!row) return null;
    if (row.retired_at !== null) throw new LinkAlreadyRetiredError(`link ${id} is already retired`);
    this.statements.retire.run(row.key, reason, actorId, at);
    this.insertAudit({
      at,
      actorId,
      action: 'link.retire',
      subject: id,
      detail: { docId: row.doc_id, sourceId: row.source_id, articleUid: row.article_uid, relation: row.relation, reason },
    });
    return row;
  }

  private read(id: string): ProvenanceLink {
    const row = this.statements.byId.get(id);
    if (!row) throw new LinkIntegrityError(`link ${id} vanished after being written`);
    return toLink(row);
  }

  async createLink(input: LinkInput, actorId: string, at: number): Promise<ProvenanceLink> {
    const id = this.db.transaction(() => this.insertLink(input, actorId, at)).immediate();
    return this.read(id);
  }

  async retireLink(id: string, reason: string, actorId: string, at: number): Promise<ProvenanceLink | null> {
    const row = this.db.transaction(() => this.retireRow(id, reason, actorId, at)).immediate();
    return row ? this.read(id) : null;
  }

  async replaceLink(oldId: string, reason: string, input: LinkInput, actorId: string, at: number): Promise<ProvenanceLink> {
    const id = this.db
      .transaction(() => {
        if (!this.retireRow(oldId, reason, actorId, at)) throw new LinkIntegrityError(`link ${oldId} does not exist`);
        return this.insertLink({ ...input, replaces: oldId }, actorId, at);
      })
      .immediate();
    return this.read(id);
  }

  async getLink(id: string): Promise<ProvenanceLink | null> {
    const row = this.statements.byId.get(id);
    return row ? toLink(row) : null;
  }

  private whereOf(filter: LinkFilter, paged: boolean): { where: string; params: unknown[] } {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.docId !== undefined) {
      conditions.push('l.doc_id = ?');
      params.push(filter.docId);
    }
    if (filter.articleUid !== undefined) {
      conditions.push('l.article_uid = ?');
      params.push(filter.articleUid);
    }
    if (filter.sourceId !== undefined) {
      conditions.push('l.source_id = ?');
      params.push(filter.sourceId);
    }
    if (!filter.includeRetired) conditions.push('NOT EXISTS (SELECT 1 FROM link_retirements r2 WHERE r2.link_key = l.key)');
    if (paged && filter.after !== undefined) {
      conditions.push('l.key > COALESCE((SELECT key FROM links WHERE id = ?), 0)');
      params.push(filter.after);
    }
    return { where: conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '', params };
  }

  async listLinks(filter: LinkFilter): Promise<ProvenanceLink[]> {
    const { where, params } = this.whereOf(filter, true);
    const limit = filter.limit === undefined ? '' : ' LIMIT ?';
    const sql = `${SELECT}${where} ORDER BY l.key${limit}`;
    let statement = this.listings.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], LinkRow>(sql);
      this.listings.set(sql, statement);
    }
    return statement.all(...params, ...(filter.limit === undefined ? [] : [filter.limit])).map(toLink);
  }

  async countLinks(filter: LinkFilter): Promise<number> {
    const { where, params } = this.whereOf(filter, false);
    const sql = `SELECT COUNT(*) AS n FROM links l${where}`;
    let statement = this.counts.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], { n: number }>(sql);
      this.counts.set(sql, statement);
    }
    return statement.get(...params)?.n ?? 0;
  }

  async getLinks(ids: readonly string[]): Promise<Map<string, ProvenanceLink>> {
    const out = new Map<string, ProvenanceLink>();
    // SQLite limits the parameters of one statement; 500 stays well below every build's limit.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.db.prepare<string[], LinkRow>(`${SELECT} WHERE l.id IN (${chunk.map(() => '?').join(', ')})`).all(...chunk);
      for (const row of rows) out.set(row.id, toLink(row));
    }
    return out;
  }

  async linkMarks(docId: string): Promise<LinkMark[]> {
    return this.statements.marks.all(docId).map((row): LinkMark => {
      if (!isLinkRelation(row.relation)) throw new LinkIntegrityError(`link ${row.id} has unknown relation "${row.relation}"`);
      return [row.id, row.article_uid, row.source_id, row.anchor_start, row.anchor_end, row.relation, false];
    });
  }

  async linksVersion(): Promise<string> {
    const row = this.statements.version.get();
    return `${row?.links ?? 0}.${row?.retirements ?? 0}`;
  }

  async linksAt(docId: string, at: number): Promise<ProvenanceLink[]> {
    // As they stood then: a link retired later was not yet retired.
    return this.statements.at.all(docId, at, at).map((row) => ({ ...toLink(row), retired: null }));
  }
}

function toLink(row: LinkRow): ProvenanceLink {
  if (!isLinkRelation(row.relation)) throw new LinkIntegrityError(`link ${row.id} has unknown relation "${row.relation}"`);
  const anchor: PassageAnchor | null =
    row.anchor_start === null || row.anchor_end === null
      ? null
      : { start: row.anchor_start, end: row.anchor_end, quote: row.quote ?? '', prefix: row.prefix ?? '', suffix: row.suffix ?? '' };
  return {
    id: row.id,
    docId: row.doc_id,
    articleUid: row.article_uid,
    sourceId: row.source_id,
    relation: row.relation,
    rationale: row.rationale,
    anchor,
    createdBy: { id: row.created_by, name: row.created_by_name ?? row.created_by },
    createdAt: row.created_at,
    retired:
      row.retired_at === null
        ? null
        : { by: { id: row.retired_by ?? '', name: row.retired_by_name ?? row.retired_by ?? '' }, at: row.retired_at, reason: row.reason ?? '' },
    replaces: row.replaces,
  };
}
