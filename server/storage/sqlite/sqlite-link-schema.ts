/**
 * The SQLite tables of provenance links, created on open (idempotent). Both tables are
 * append-only, like the update log: a link is never edited in place, and retiring one adds a
 * retirement row (at most one per link), so the provenance at any past moment can be rebuilt.
 *
 * Authors are stored as user ids and their names joined from `users` when read. The indexes serve
 * the trace queries: an article's links, a source's links, a document's links in time order.
 */
export const SQLITE_LINK_SCHEMA = `
CREATE TABLE IF NOT EXISTS links (
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  doc_id TEXT NOT NULL,
  article_uid TEXT NOT NULL,
  source_id TEXT NOT NULL,
  relation TEXT NOT NULL,
  rationale TEXT NOT NULL,
  anchor_start TEXT,
  anchor_end TEXT,
  quote TEXT,
  prefix TEXT,
  suffix TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  replaces TEXT
);

CREATE INDEX IF NOT EXISTS links_by_article ON links (doc_id, article_uid, key);
CREATE INDEX IF NOT EXISTS links_by_source ON links (source_id, key);
CREATE INDEX IF NOT EXISTS links_by_time ON links (doc_id, created_at);

CREATE TABLE IF NOT EXISTS link_retirements (
  link_key INTEGER NOT NULL UNIQUE REFERENCES links(key),
  reason TEXT NOT NULL,
  retired_by TEXT NOT NULL,
  retired_at INTEGER NOT NULL
);

CREATE TRIGGER IF NOT EXISTS links_are_append_only_update
  BEFORE UPDATE ON links BEGIN SELECT RAISE(ABORT, 'provenance links are append-only'); END;
CREATE TRIGGER IF NOT EXISTS links_are_append_only_delete
  BEFORE DELETE ON links BEGIN SELECT RAISE(ABORT, 'provenance links are append-only'); END;
CREATE TRIGGER IF NOT EXISTS link_retirements_are_append_only_update
  BEFORE UPDATE ON link_retirements BEGIN SELECT RAISE(ABORT, 'link retirements are append-only'); END;
CREATE TRIGGER IF NOT EXISTS link_retirements_are_append_only_delete
  BEFORE DELETE ON link_retirements BEGIN SELECT RAISE(ABORT, 'link retirements are append-only'); END;
`;
