/**
 * The SQLite tables of citizen participation — comments, their moderation and addressing, flags,
 * stances — created on open (idempotent), beside the main schema rather than in its migrations.
 *
 * Comments, moderation events, addressing events and flags are append-only, like the update log
 * (triggers refuse changes): a comment's state is its latest event, so what was hidden or
 * addressed, by whom and why, can always be read back. Two tables hold derived state, kept by
 * triggers in the same transaction as the rows they follow, so no writer can forget them:
 * `comment_flag_queue` (comments flagged since the last moderator's decision, by their oldest such
 * flag) and `article_participation` (per article: threads, comments, support, oppose), which lets
 * the outline's counts be one small read whatever the number of comments. Stances are the one
 * mutable row (a person's current stance); each change is an audit event.
 *
 * Indexes make every page cost its size: threads of an article in creation order (the parent
 * column is in the index, so threads and replies are told apart without reading rows), replies of
 * a thread, a person's comments and flags by time (rate limits), flags and events of a comment.
 */
export const SQLITE_COMMENT_SCHEMA = `
CREATE TABLE IF NOT EXISTS comments (
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  doc_id TEXT NOT NULL,
  article_uid TEXT NOT NULL,
  parent_key INTEGER REFERENCES comments(key),
  author_id TEXT NOT NULL,
  body TEXT NOT NULL,
  anchor_start TEXT,
  anchor_end TEXT,
  quote TEXT,
  prefix TEXT,
  suffix TEXT,
  created_at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS comment_threads ON comments (doc_id, article_uid, parent_key, key);
CREATE INDEX IF NOT EXISTS comment_replies ON comments (parent_key, key) WHERE parent_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS comments_by_author ON comments (author_id, created_at);

CREATE TABLE IF NOT EXISTS comment_moderation (
  key INTEGER PRIMARY KEY,
  comment_key INTEGER NOT NULL REFERENCES comments(key),
  action TEXT NOT NULL CHECK (action IN ('hide', 'unhide', 'keep')),
  reason TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS comment_moderation_by_comment ON comment_moderation (comment_key, key);

CREATE TABLE IF NOT EXISTS comment_addressing (
  key INTEGER PRIMARY KEY,
  comment_key INTEGER NOT NULL REFERENCES comments(key),
  action TEXT NOT NULL CHECK (action IN ('address', 'reopen')),
  seq INTEGER,
  note TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS comment_addressing_by_comment ON comment_addressing (comment_key, key);

CREATE TABLE IF NOT EXISTS comment_flags (
  key INTEGER PRIMARY KEY,
  comment_key INTEGER NOT NULL REFERENCES comments(key),
  user_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  UNIQUE (comment_key, user_id)
);

CREATE INDEX IF NOT EXISTS comment_flags_by_comment ON comment_flags (comment_key, key);
CREATE INDEX IF NOT EXISTS comment_flags_by_user ON comment_flags (user_id, at);

CREATE TABLE IF NOT EXISTS comment_flag_queue (
  comment_key INTEGER PRIMARY KEY REFERENCES comments(key),
  first_flag_key INTEGER NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS stances (
  doc_id TEXT NOT NULL,
  article_uid TEXT NOT NULL,
  user_id TEXT NOT NULL,
  stance TEXT NOT NULL CHECK (stance IN ('support', 'oppose')),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (doc_id, article_uid, user_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS article_participation (
  doc_id TEXT NOT NULL,
  article_uid TEXT NOT NULL,
  threads INTEGER NOT NULL DEFAULT 0,
  comments INTEGER NOT NULL DEFAULT 0,
  support INTEGER NOT NULL DEFAULT 0,
  oppose INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (doc_id, article_uid)
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS comments_count_on_insert AFTER INSERT ON comments BEGIN
  INSERT INTO article_participation (doc_id, article_uid, threads, comments) VALUES (new.doc_id, new.article_uid, new.parent_key IS NULL, 1)
  ON CONFLICT (doc_id, article_uid) DO UPDATE SET threads = threads + excluded.threads, comments = comments + 1;
END;

CREATE TRIGGER IF NOT EXISTS stances_count_on_insert AFTER INSERT ON stances BEGIN
  INSERT INTO article_participation (doc_id, article_uid, support, oppose) VALUES (new.doc_id, new.article_uid, new.stance = 'support', new.stance = 'oppose')
  ON CONFLICT (doc_id, article_uid) DO UPDATE SET support = support + excluded.support, oppose = oppose + excluded.oppose;
END;
CREATE TRIGGER IF NOT EXISTS stances_count_on_update AFTER UPDATE OF stance ON stances BEGIN
  UPDATE article_participation
  SET support = support - (old.stance = 'support') + (new.stance = 'support'), oppose = oppose - (old.stance = 'oppose') + (new.stance = 'oppose')
  WHERE doc_id = new.doc_id AND article_uid = new.article_uid;
END;
CREATE TRIGGER IF NOT EXISTS stances_count_on_delete AFTER DELETE ON stances BEGIN
  UPDATE article_participation
  SET support = support - (old.stance = 'support'), oppose = oppose - (old.stance = 'oppose')
  WHERE doc_id = old.doc_id AND article_uid = old.article_uid;
END;

CREATE TRIGGER IF NOT EXISTS comment_flags_enqueue AFTER INSERT ON comment_flags BEGIN
  INSERT OR IGNORE INTO comment_flag_queue (comment_key, first_flag_key) VALUES (new.comment_key, new.key);
END;
CREATE TRIGGER IF NOT EXISTS comment_moderation_dequeue AFTER INSERT ON comment_moderation BEGIN
  DELETE FROM comment_flag_queue WHERE comment_key = new.comment_key;
END;

CREATE TRIGGER IF NOT EXISTS comments_are_append_only_update
  BEFORE UPDATE ON comments BEGIN SELECT RAISE(ABORT, 'comments are append-only'); END;
CREATE TRIGGER IF NOT EXISTS comments_are_append_only_delete
  BEFORE DELETE ON comments BEGIN SELECT RAISE(ABORT, 'comments are append-only'); END;
CREATE TRIGGER IF NOT EXISTS comment_moderation_is_append_only_update
  BEFORE UPDATE ON comment_moderation BEGIN SELECT RAISE(ABORT, 'moderation events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS comment_moderation_is_append_only_delete
  BEFORE DELETE ON comment_moderation BEGIN SELECT RAISE(ABORT, 'moderation events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS comment_addressing_is_append_only_update
  BEFORE UPDATE ON comment_addressing BEGIN SELECT RAISE(ABORT, 'addressing events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS comment_addressing_is_append_only_delete
  BEFORE DELETE ON comment_addressing BEGIN SELECT RAISE(ABORT, 'addressing events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS comment_flags_are_append_only_update
  BEFORE UPDATE ON comment_flags BEGIN SELECT RAISE(ABORT, 'flags are append-only'); END;
CREATE TRIGGER IF NOT EXISTS comment_flags_are_append_only_delete
  BEFORE DELETE ON comment_flags BEGIN SELECT RAISE(ABORT, 'flags are append-only'); END;
`;
