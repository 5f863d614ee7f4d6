/**
 * The SQLite tables of citizen sources and signature thresholds, created on open (idempotent).
 *
 * `signatures` and `event_date` are copied out of the kind's details into plain columns so that
 * filtering and ordering use an index instead of parsing JSON per row. The full-text index is a
 * separate FTS5 table whose rowid is the source's integer key; the store keeps it in step on every
 * write. `remove_diacritics 2` folds accents for Spanish ("via publica" finds "vía pública").
 */
export const SQLITE_SOURCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS sources (
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  external_ref TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  url TEXT,
  sample INTEGER NOT NULL,
  signatures INTEGER,
  event_date TEXT,
  details TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS sources_by_signatures ON sources (COALESCE(signatures, -1) DESC, key);
CREATE INDEX IF NOT EXISTS sources_by_kind ON sources (kind, COALESCE(signatures, -1) DESC, key);

CREATE VIRTUAL TABLE IF NOT EXISTS sources_fts USING fts5(
  title, summary, body,
  tokenize = "unicode61 remove_diacritics 2",
  prefix = '1 2 3'
);

CREATE TABLE IF NOT EXISTS thresholds (
  level INTEGER PRIMARY KEY,
  signatures INTEGER NOT NULL,
  consequence_es TEXT NOT NULL,
  consequence_en TEXT NOT NULL
);
`;
