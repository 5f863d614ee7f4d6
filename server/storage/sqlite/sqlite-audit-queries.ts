/**
 * The audit log's searches (audit-queries.ts) in SQLite, on the main store's connection.
 *
 * Event ids run 1, 2, 3… without gaps (the chain), so "at most `window` events" is an id range,
 * read through the table's own key. The events that are not logged updates are also reachable
 * through a partial index that leaves updates out: it grows with links, versions, comments and
 * accounts, never with keystrokes, and lets a filter that cannot match an update skip them all.
 * Filters are then checked row by row inside the bounded stretch; no index serves them, so none
 * costs bytes per logged update.
 */
import type Database from 'better-sqlite3';
import type { AuditActorCount, AuditFilter, AuditQueries, AuditSearch, AuditSearchPage } from '../audit-queries.ts';
import type { AuditEvent } from '../store.ts';

const AUDIT_QUERY_INDEXES = `
CREATE INDEX IF NOT EXISTS audit_events_not_updates ON audit_events (id) WHERE action <> 'update';
`;

const COLUMNS = 'id, at, actor_id, action, subject, detail, hash';
/** Spelled as in the index's WHERE, so that SQLite may use it (it matches the term literally). */
const NOT_UPDATE = "action <> 'update'";
const OTHERS = `audit_events INDEXED BY audit_events_not_updates`;

interface Row {
  id: number;
  at: number;
  actor_id: string;
  action: string;
  subject: string;
  detail: string | null;
  hash: Buffer;
}

type Params = Record<string, string | number>;

function toEvent(row: Row): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    action: row.action,
    subject: row.subject,
    ...(row.detail === null ? {} : { detail: JSON.parse(row.detail) as Record<string, unknown> }),
    hash: row.hash.toString('hex'),
  };
}

/** The filter as SQL conditions with their parameters, and a key naming its shape (for the statement cache). */
function filterSql(filter: AuditFilter): { terms: string[]; params: Params; shape: string } {
  const terms: string[] = [];
  const params: Params = {};
  if (filter.actorId !== undefined) {
    terms.push('actor_id = @actor');
    params.actor = filter.actorId;
  }
  if (filter.actions) {
    const any: string[] = [];
    filter.actions.exact.forEach((action, i) => {
      any.push(`action = @a${i}`);
      params[`a${i}`] = action;
    });
    filter.actions.prefixes.forEach((prefix, i) => {
      any.push(`substr(action, 1, length(@p${i})) = @p${i}`);
      params[`p${i}`] = prefix;
    });
    terms.push(any.length > 0 ? `(${any.join(' OR ')})` : '0');
  }
  if (filter.subject !== undefined) {
    terms.push(filter.subject.match === 'exact' ? 'subject = @subject' : 'substr(subject, 1, length(@subject)) = @subject');
    params.subject = filter.subject.text;
  }
  if (filter.articleUid !== undefined) {
    // A detail that is not JSON (a damaged row) must not fail the search: it names no article.
    terms.push("CASE WHEN json_valid(detail) THEN json_extract(detail, '$.articleUid') END = @article");
    params.article = filter.articleUid;
  }
  return { terms, params, shape: terms.join(' AND ') };
}

export class SqliteAuditQueries implements AuditQueries {
  private readonly cache = new Map<string, Database.Statement<Params, Row>>();
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    db.exec(AUDIT_QUERY_INDEXES);
    this.statements = {
      lastId: db.prepare<[], { id: number }>('SELECT id FROM audit_events ORDER BY id DESC LIMIT 1'),
      // The id of the window's last candidate: the index alone answers it.
      olderWindowEnd: db.prepare<Params, { id: number }>(`SELECT id FROM ${OTHERS} WHERE id < @from AND ${NOT_UPDATE} ORDER BY id DESC LIMIT 1 OFFSET @skip`),
      newerWindowEnd: db.prepare<Params, { id: number }>(`SELECT id FROM ${OTHERS} WHERE id > @from AND ${NOT_UPDATE} ORDER BY id ASC LIMIT 1 OFFSET @skip`),
      countByActor: db.prepare<[number, number], { actor_id: string; updates: number; others: number }>(
        `SELECT actor_id, SUM(action = 'update') AS updates, SUM(${NOT_UPDATE}) AS others
         FROM audit_events WHERE id > ? AND id <= ? GROUP BY actor_id`,
      ),
    };
  }

  private statement(query: AuditSearch, terms: string[], shape: string): Database.Statement<Params, Row> {
    const key = `${query.direction}|${query.skipUpdates}|${shape}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const older = query.direction === 'older';
    const order = older ? 'DESC' : 'ASC';
    const where = terms.length > 0 ? `WHERE ${terms.join(' AND ')}` : '';
    const sql = query.skipUpdates
      ? // The inner query is the window (the first `window` candidates); the outer one filters it.
        `SELECT ${COLUMNS} FROM (SELECT ${COLUMNS} FROM ${OTHERS} WHERE id ${older ? '<' : '>'} @from AND ${NOT_UPDATE} ORDER BY id ${order} LIMIT @window)
         ${where} ORDER BY id ${order} LIMIT @take`
      : `SELECT ${COLUMNS} FROM audit_events WHERE ${older ? 'id < @from AND id >= @bound' : 'id > @from AND id <= @bound'}
         ${terms.map((term) => `AND ${term}`).join(' ')} ORDER BY id ${order} LIMIT @take`;
    const prepared = this.db.prepare<Params, Row>(sql);
    this.cache.set(key, prepared);
    return prepared;
  }

  async search(query: AuditSearch): Promise<AuditSearchPage> {
    const { terms, params, shape } = filterSql(query.filter);
    const older = query.direction === 'older';
    // "Before" a far-off id means from the head: the window starts there, not in empty ids.
    const from = older && !query.skipUpdates ? Math.min(query.from, (this.statements.lastId.get()?.id ?? 0) + 1) : query.from;
    // The stretch of ids a search over every event examines.
    const bound = older ? from - query.window : from + query.window;
    const rows = this.statement(query, terms, shape).all({ ...params, from, take: query.limit + 1, window: query.window, bound });
    if (rows.length > query.limit) {
      const events = rows.slice(0, query.limit).map(toEvent);
      return { events, next: events.at(-1)?.id ?? null };
    }
    const events = rows.map(toEvent);
    if (query.skipUpdates) {
      const end = (older ? this.statements.olderWindowEnd : this.statements.newerWindowEnd).get({ from, skip: query.window - 1 });
      return { events, next: end?.id ?? null };
    }
    if (older) return { events, next: bound > 1 ? bound : null };
    const last = this.statements.lastId.get()?.id ?? 0;
    return { events, next: bound < last ? bound : null };
  }

  async countByActor(afterId: number, toId: number): Promise<AuditActorCount[]> {
    return this.statements.countByActor.all(afterId, toId).map((row) => ({ actorId: row.actor_id, updates: row.updates, others: row.others }));
  }
}
