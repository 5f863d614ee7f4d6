/**
 * The tamper-evident audit log: every write is a chained event, each logged update has its own
 * (covering its bytes), and any single change to the stored record — a flipped byte in an update,
 * an event field or a hash, a deleted row, two rows swapped — is caught by `audit verify` on the
 * database and by the standalone verifier on an exported bundle. So is a change to the rows that
 * history is read from (who an update is credited to and when, a version renamed, deleted or
 * added, a link un-retired, a hidden comment shown again…): both name the same record, whether the
 * database was edited before the export or the bundle after it. Seeded: CARTA_TEST_SEED replays.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAuditBundle } from '../../server/audit/audit-bundle.ts';
import { verifyAuditChain } from '../../server/audit/verify-audit-chain.ts';
import { databasePath, openSqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import { verifyBundle } from '../../verifier/verify-bundle.mjs';
import { type Random, seededRandom, testSeed } from '../support/seeded-random.ts';
import { tempDataDir } from '../support/test-server.ts';

const seed = testSeed();
const TRIALS = 40;

let base: string;
let bundle: string;
let head: { count: number; hash: string };

/**
 * A small installation: a document with 30 updates by two members, a link, an import event; then
 * the history beside the text: three named versions, a link retired, a citizen's thread with a
 * reply that is flagged and hidden, the thread addressed.
 */
async function buildInstallation(dir: string): Promise<void> {
  const store = openSqliteStore(dir, { synchronous: 'NORMAL' });
  await store.ensureUser({ id: 'u-ana', name: 'Ana', role: 'member' }, 1);
  await store.ensureUser({ id: 'u-beto', name: 'Beto', role: 'member' }, 1);
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'Artículo 1. ');
  await store.createDocument({ id: 'demo', title: 'Demo' }, Y.encodeStateAsUpdate(doc), 'u-ana', 10);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 30; i++) doc.getText('t').insert(doc.getText('t').length, `palabra${i} `);
  await store.appendUpdates(updates.slice(0, 15).map((update, i) => ({ docId: 'demo', update, userId: 'u-ana', receivedAt: 100 + i })));
  await store.appendAudit({ at: 200, actorId: 'u-beto', action: 'sources.import', subject: 'peticiones.csv', detail: { created: 3 } });
  await store.appendUpdates(updates.slice(15).map((update, i) => ({ docId: 'demo', update, userId: 'u-beto', receivedAt: 300 + i })));
  const link = await store.links.createLink(
    { docId: 'demo', articleUid: 'art-1', sourceId: 'src-1', relation: 'adapts', rationale: 'r', anchor: null, replaces: null },
    'u-ana',
    400,
  );
  await store.createVersion({ docId: 'demo', seq: 16, name: 'Borrador de Ana', note: 'antes de Beto', createdBy: 'u-ana', createdAt: 250 });
  await store.createVersion({ docId: 'demo', seq: 31, name: 'Borrador conjunto', note: '', createdBy: 'u-beto', createdAt: 350 });
  await store.links.retireLink(link.id, 'ya no responde a la petición', 'u-beto', 410);
  await store.ensureUser({ id: 'u-cira', name: 'Cira', role: 'citizen' }, 450);
  // A person who signed up (auth.signup), and one who accepted an invitation (invitation.accept).
  const session = (n: number) => ({ idHash: Buffer.alloc(32, n), expiresAt: 10_000_000 });
  await store.accounts.signUp({ userId: 'u-dora', name: 'Dora', role: 'citizen', email: 'dora@ejemplo.mx', passwordHash: 'x', session: session(1) }, 460);
  await store.accounts.createInvitation(
    { id: 'inv-1', role: 'auditor', name: null, email: null, createdBy: 'system', createdAt: 470, expiresAt: 10_000_000 },
    Buffer.alloc(32, 9),
  );
  const accepted = await store.accounts.acceptInvitation(Buffer.alloc(32, 9), { userId: 'u-eva', name: 'Eva', email: 'eva@ejemplo.mx', passwordHash: 'x', session: session(2) }, 480);
  expect(accepted.ok).toBe(true);
  const comment = (parentId: string | null, body: string, author: string, at: number) =>
    store.comments.createComment({ docId: 'demo', articleUid: 'art-1', parentId, body, anchor: null }, author, at, []);
  const thread = await comment(null, '¿Y el derecho al agua?', 'u-cira', 500);
  const reply = await comment(thread.id, 'Fuera de tema', 'u-ana', 510);
  await store.comments.flagComment(reply.id, 'no aporta', 'u-cira', 520, []);
  await store.comments.hideComment(reply.id, 'fuera de tema', 'u-beto', 530);
  await store.comments.addressThread(thread.id, { seq: 31, note: 'artículo 1' }, 'u-ana', 540);
  await store.createVersion({ docId: 'demo', seq: 31, name: 'Con comentarios', note: 'responde a Cira', createdBy: 'u-ana', createdAt: 600 });
  await store.close();
}

beforeAll(async () => {
  base = tempDataDir();
  await buildInstallation(base);
  const store = openSqliteStore(base);
  head = await store.auditHead();
  bundle = path.join(tempDataDir(), 'bundle');
  await exportAuditBundle(store, bundle);
  await store.close();
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
  rmSync(path.dirname(bundle), { recursive: true, force: true });
});

describe('the audit chain', () => {
  it('holds an event for every write and every logged update, with its author, and verifies', async () => {
    const store = openSqliteStore(base);
    try {
      const events = await store.listAudit(0, 1000);
      const updates = events.filter((e) => e.action === 'update');
      expect(updates.map((e) => e.subject)).toEqual(Array.from({ length: 31 }, (_, i) => `demo#${i + 1}`));
      expect(updates.slice(1, 16).every((e) => e.actorId === 'u-ana')).toBe(true);
      expect(updates.slice(16).every((e) => e.actorId === 'u-beto')).toBe(true);
      expect(events.map((e) => e.action)).toEqual(
        expect.arrayContaining(['user.create', 'document.create', 'sources.import', 'link.create', 'link.retire', 'version.create', 'comment.create', 'comment.flag', 'comment.hide', 'comment.address']),
      );
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      expect(await verifyAuditChain(store)).toEqual({ ok: true, count: head.count, head: head.hash });
      expect(await verifyAuditChain(store, { noted: { count: 5, hash: events[4]?.hash ?? '' } })).toMatchObject({ ok: true });
      // A head noted at event 5 that no longer fits: the 4 events before it are intact, not 5.
      expect(await verifyAuditChain(store, { noted: { count: 5, hash: '0'.repeat(64) } })).toMatchObject({ ok: false, problem: { id: 5 }, checked: 4 });
    } finally {
      await store.close();
    }
  });

  it('refuses to change or delete an event through SQL while the triggers stand', () => {
    const db = new Database(databasePath(base));
    try {
      expect(() => db.prepare("UPDATE audit_events SET actor_id = 'x' WHERE id = 2").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_events WHERE id = 2').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  it('exports a bundle that the standalone verifier accepts', async () => {
    expect(await verifyBundle(bundle)).toEqual({ ok: true, count: head.count, head: head.hash });
    expect(await verifyBundle(bundle, head)).toMatchObject({ ok: true });
  });
});

type Tamper = (db: Database.Database, random: Random) => string;

function flipByte(value: Buffer, random: Random): Buffer {
  const copy = Buffer.from(value);
  const at = random.int(copy.length);
  copy[at] = (copy[at] ?? 0) ^ (1 << random.int(8));
  return copy;
}

function count(db: Database.Database, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Every way of changing the stored record by one step, as an attacker with the file could. */
const DATABASE_TAMPERS: Record<string, Tamper> = {
  'flip a byte of an update': (db, random) => {
    const seq = 1 + random.int(count(db, 'update_log'));
    const row = db.prepare('SELECT bytes FROM update_log WHERE seq = ?').get(seq) as { bytes: Buffer };
    db.prepare('UPDATE update_log SET bytes = ? WHERE seq = ?').run(flipByte(row.bytes, random), seq);
    return `update ${seq}`;
  },
  'flip a byte of an event field': (db, random) => {
    const id = 1 + random.int(count(db, 'audit_events'));
    const column = random.pick(['actor_id', 'action', 'subject', 'detail', 'at']);
    const row = db.prepare(`SELECT ${column} AS v FROM audit_events WHERE id = ?`).get(id) as { v: string | number | null };
    if (typeof row.v === 'number') db.prepare(`UPDATE audit_events SET at = ? WHERE id = ?`).run(row.v ^ (1 << random.int(20)), id);
    else db.prepare(`UPDATE audit_events SET ${column} = CAST(? AS TEXT) WHERE id = ?`).run(flipByte(Buffer.from(row.v ?? 'null'), random), id);
    return `event ${id} ${column}`;
  },
  'flip a byte of a hash': (db, random) => {
    const id = 1 + random.int(count(db, 'audit_events'));
    const row = db.prepare('SELECT hash FROM audit_events WHERE id = ?').get(id) as { hash: Buffer };
    db.prepare('UPDATE audit_events SET hash = ? WHERE id = ?').run(flipByte(row.hash, random), id);
    return `hash of event ${id}`;
  },
  'delete an event': (db, random) => {
    const id = 1 + random.int(count(db, 'audit_events'));
    db.prepare('DELETE FROM audit_events WHERE id = ?').run(id);
    return `event ${id}`;
  },
  'delete an update': (db, random) => {
    const seq = 1 + random.int(count(db, 'update_log'));
    db.prepare('DELETE FROM update_log WHERE seq = ?').run(seq);
    return `update ${seq}`;
  },
  'swap two events': (db, random) => {
    const n = count(db, 'audit_events');
    const a = 1 + random.int(n);
    const b = 1 + ((a + random.int(n - 1)) % n);
    const columns = 'at, actor_id, action, subject, detail, hash';
    const rowA = db.prepare(`SELECT ${columns} FROM audit_events WHERE id = ?`).get(a) as Record<string, unknown>;
    const rowB = db.prepare(`SELECT ${columns} FROM audit_events WHERE id = ?`).get(b) as Record<string, unknown>;
    const set = db.prepare('UPDATE audit_events SET at = @at, actor_id = @actor_id, action = @action, subject = @subject, detail = @detail, hash = @hash WHERE id = @id');
    set.run({ ...rowB, id: a });
    set.run({ ...rowA, id: b });
    return `events ${a} and ${b}`;
  },
  'swap two updates': (db, random) => {
    const n = count(db, 'update_log');
    const a = 1 + random.int(n);
    const b = 1 + ((a + random.int(n - 1)) % n);
    const bytes = (seq: number) => (db.prepare('SELECT bytes FROM update_log WHERE seq = ?').get(seq) as { bytes: Buffer }).bytes;
    const [bytesA, bytesB] = [bytes(a), bytes(b)];
    db.prepare('UPDATE update_log SET bytes = ? WHERE seq = ?').run(bytesB, a);
    db.prepare('UPDATE update_log SET bytes = ? WHERE seq = ?').run(bytesA, b);
    return `updates ${a} and ${b}`;
  },
};

/** Opens a copy of the installation with the append-only triggers dropped, as an attacker would. */
function tamperedCopy(name: string, tamper: Tamper, random: Random): { dir: string; what: string } {
  const dir = tempDataDir();
  copyFileSync(databasePath(base), databasePath(dir));
  const db = new Database(databasePath(dir));
  for (const { name: trigger } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>) {
    db.exec(`DROP TRIGGER ${trigger}`);
  }
  const what = tamper(db, random);
  db.close();
  return { dir, what: `${name}: ${what}` };
}

describe(`tampering with the database (seed ${seed}, ${TRIALS} trials)`, () => {
  it('is caught by audit verify, whichever record was changed', async () => {
    const random = seededRandom(seed);
    const names = Object.keys(DATABASE_TAMPERS);
    for (let trial = 0; trial < TRIALS; trial++) {
      const name = names[trial % names.length] as string;
      const { dir, what } = tamperedCopy(name, DATABASE_TAMPERS[name] as Tamper, random);
      // The head noted before the tampering: deleting the very last event is caught only against it.
      const store = openSqliteStore(dir);
      try {
        const verdict = await verifyAuditChain(store, { noted: head });
        expect(verdict.ok, `${what} was not detected (seed ${seed})`).toBe(false);
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});

/** What verify must name: the subject of the problem it reports (an event's subject, or "table id" for a row no event stands for). */
type RowTamper = (db: Database.Database, random: Random) => { what: string; names: string };

function one<T>(db: Database.Database, sql: string, ...params: unknown[]): T {
  return db.prepare(sql).get(...params) as T;
}

function ids(db: Database.Database, table: string): string[] {
  return (db.prepare(`SELECT id FROM ${table} ORDER BY key`).all() as Array<{ id: string }>).map((row) => row.id);
}

/** Direct edits of the rows history, blame, comments and the reading room read, none of which touches the chain. */
const ROW_TAMPERS: Record<string, RowTamper> = {
  'credit an update to the other member': (db, random) => {
    const seq = 2 + random.int(count(db, 'update_log') - 1);
    const { user_key: key } = one<{ user_key: number }>(db, 'SELECT user_key FROM update_log WHERE seq = ?', seq);
    const other = one<{ key: number }>(db, "SELECT key FROM users WHERE id IN ('u-ana', 'u-beto') AND key <> ?", key);
    db.prepare('UPDATE update_log SET user_key = ? WHERE seq = ?').run(other.key, seq);
    return { what: `update ${seq}`, names: `demo#${seq}` };
  },
  'credit an update to no one who exists': (db, random) => {
    const seq = 1 + random.int(count(db, 'update_log'));
    db.prepare('UPDATE update_log SET user_key = 999 WHERE seq = ?').run(seq);
    return { what: `update ${seq}`, names: `demo#${seq}` };
  },
  "change an update's time": (db, random) => {
    const seq = 1 + random.int(count(db, 'update_log'));
    db.prepare('UPDATE update_log SET received_at = received_at + ? WHERE seq = ?').run(1 + random.int(86_400_000), seq);
    return { what: `update ${seq}`, names: `demo#${seq}` };
  },
  'rename a version': (db, random) => {
    const id = random.pick(ids(db, 'versions'));
    db.prepare("UPDATE versions SET name = name || ' (revisado)' WHERE id = ?").run(id);
    return { what: id, names: id };
  },
  "change a version's position, note, author or time": (db, random) => {
    const id = random.pick(ids(db, 'versions'));
    const change = random.pick(['seq = seq - 1', "note = 'otra nota'", "created_by = 'u-cira'", 'created_at = created_at + 1']);
    db.prepare(`UPDATE versions SET ${change} WHERE id = ?`).run(id);
    return { what: `${id}: ${change}`, names: id };
  },
  'delete a version': (db, random) => {
    const id = random.pick(ids(db, 'versions'));
    db.prepare('DELETE FROM versions WHERE id = ?').run(id);
    return { what: id, names: id };
  },
  'add a version': (db) => {
    db.prepare("INSERT INTO versions (id, doc_key, seq, name, note, created_by, created_at) VALUES ('ver_forjada', 1, 20, 'Versión oficial', '', 'u-ana', 260)").run();
    return { what: 'ver_forjada', names: 'versions ver_forjada' };
  },
  'un-retire a link': (db) => {
    const { id } = one<{ id: string }>(db, 'SELECT l.id FROM link_retirements r JOIN links l ON l.key = r.link_key');
    db.prepare('DELETE FROM link_retirements').run();
    return { what: id, names: id };
  },
  "change a link's relation": (db) => {
    const { id } = one<{ id: string }>(db, 'SELECT id FROM links');
    db.prepare("UPDATE links SET relation = 'incorporates'").run();
    return { what: id, names: id };
  },
  'show a hidden comment again': (db) => {
    const { id } = one<{ id: string }>(db, 'SELECT c.id FROM comment_moderation m JOIN comments c ON c.key = m.comment_key');
    db.prepare('DELETE FROM comment_moderation').run();
    return { what: id, names: id };
  },
  'hide a comment without an event': (db) => {
    const { key, id } = one<{ key: number; id: string }>(db, 'SELECT key, id FROM comments WHERE parent_key IS NULL');
    db.prepare("INSERT INTO comment_moderation (comment_key, action, reason, actor_id, at) VALUES (?, 'hide', 'molesta', 'u-beto', 700)").run(key);
    return { what: id, names: `comment_moderation ${id}` };
  },
  "change a comment's words or author": (db, random) => {
    const id = random.pick(ids(db, 'comments'));
    const change = random.pick(["body = body || '!'", "author_id = 'u-beto'"]);
    db.prepare(`UPDATE comments SET ${change} WHERE id = ?`).run(id);
    return { what: `${id}: ${change}`, names: id };
  },
  "reopen an addressed thread without an event": (db) => {
    const { id } = one<{ id: string }>(db, 'SELECT c.id FROM comment_addressing a JOIN comments c ON c.key = a.comment_key');
    db.prepare('DELETE FROM comment_addressing').run();
    return { what: id, names: id };
  },
  "change a person's role": (db, random) => {
    const id = random.pick(['u-cira', 'u-dora', 'u-eva']);
    db.prepare("UPDATE users SET role = 'admin' WHERE id = ?").run(id);
    return { what: id, names: id };
  },
  'rename a person': (db, random) => {
    const id = random.pick(ids(db, 'users'));
    db.prepare("UPDATE users SET name = 'Alguien' WHERE id = ?").run(id);
    return { what: id, names: id };
  },
};

describe(`tampering with the rows history is read from (seed ${seed}, ${TRIALS} trials)`, () => {
  it('is caught by audit verify, which names the record, and by the verifier of a bundle exported afterwards, which names the same', async () => {
    const random = seededRandom(seed + 2);
    const names = Object.keys(ROW_TAMPERS);
    for (let trial = 0; trial < Math.max(TRIALS, names.length); trial++) {
      const name = names[trial % names.length] as string;
      const dir = tempDataDir();
      copyFileSync(databasePath(base), databasePath(dir));
      const db = new Database(databasePath(dir));
      // As an attacker would: without the append-only triggers and the foreign-key checks.
      db.pragma('foreign_keys = OFF');
      for (const { name: trigger } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>) {
        db.exec(`DROP TRIGGER ${trigger}`);
      }
      const { what, names: expected } = (ROW_TAMPERS[name] as RowTamper)(db, random);
      db.close();
      const store = openSqliteStore(dir);
      const exported = path.join(dir, 'bundle');
      try {
        const verdict = await verifyAuditChain(store, { noted: head });
        const label = `${name}: ${what} (seed ${seed + 2})`;
        expect(verdict.ok, `${label} was not detected`).toBe(false);
        if (verdict.ok) continue;
        expect(verdict.problem.subject, `${label}: ${verdict.problem.reason}`).toBe(expected);
        await exportAuditBundle(store, exported);
        const fromBundle = await verifyBundle(exported, head);
        expect(fromBundle, label).toEqual({ ok: false, problem: verdict.problem, checked: verdict.checked });
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});

interface BundleFiles {
  manifest: { rows: Record<string, number> } & Record<string, unknown>;
  events: string[];
  rows: string[];
  updates: Buffer;
}

/** A change to the bundle's files, and what the verifier must name (the subject of its problem), when it is known. */
type BundleTamper = (files: BundleFiles, random: Random) => { what: string; names?: string };

/** Event lines of logged updates (not the document's first, which the members did not type). */
function updateLines(files: BundleFiles): number[] {
  return files.events.flatMap((line, i) => (/"update":\{/.test(line) && !line.includes('"subject":"demo#1"') ? [i] : []));
}

function subjectOf(line: string): string {
  return (JSON.parse(line) as { subject: string }).subject;
}

const BUNDLE_TAMPERS: Record<string, BundleTamper> = {
  'flip a byte of updates.bin': (files, random) => {
    files.updates = flipByte(files.updates, random);
    return { what: 'updates.bin' };
  },
  'flip a byte of an event line': (files, random) => {
    const line = random.int(files.events.length);
    const text = files.events[line] as string;
    // A byte of a value (not of the JSON syntax, which would only make the line unreadable).
    const value = random.pick(['actorId', 'action', 'subject', 'hash', 'at']);
    const match = new RegExp(`"${value}":("?)([^",]+)`).exec(text);
    if (!match || match.index === undefined) return { what: 'nothing' };
    const start = match.index + value.length + 3 + (match[1]?.length ?? 0);
    const at = start + random.int(match[2]?.length ?? 1);
    const code = text.charCodeAt(at);
    const flipped = String.fromCharCode(/[0-9]/.test(text[at] ?? '') ? 48 + ((code - 48 + 1 + random.int(9)) % 10) : code ^ 1);
    files.events[line] = text.slice(0, at) + flipped + text.slice(at + 1);
    return { what: `line ${line + 1} ${value}` };
  },
  'delete an event line': (files, random) => {
    const line = random.int(files.events.length);
    files.events.splice(line, 1);
    return { what: `line ${line + 1}` };
  },
  'swap two event lines': (files, random) => {
    const n = files.events.length;
    const a = random.int(n);
    const b = (a + 1 + random.int(n - 1)) % n;
    [files.events[a], files.events[b]] = [files.events[b] as string, files.events[a] as string];
    return { what: `lines ${a + 1} and ${b + 1}` };
  },
  "credit an update line to the other member": (files, random) => {
    const line = random.pick(updateLines(files));
    const text = files.events[line] as string;
    files.events[line] = text.includes('"userId":"u-ana"') ? text.replace('"userId":"u-ana"', '"userId":"u-beto"') : text.replace('"userId":"u-beto"', '"userId":"u-ana"');
    return { what: `line ${line + 1}`, names: subjectOf(text) };
  },
  "change an update line's time": (files, random) => {
    const line = random.pick(updateLines(files));
    const text = files.events[line] as string;
    files.events[line] = text.replace(/"receivedAt":(\d+)/, (_, at: string) => `"receivedAt":${Number(at) + 1 + random.int(1000)}`);
    return { what: `line ${line + 1}`, names: subjectOf(text) };
  },
  'rename a version row': (files, random) => {
    const line = random.pick(files.rows.flatMap((row, i) => (row.startsWith('{"table":"versions"') ? [i] : [])));
    const row = JSON.parse(files.rows[line] as string) as { id: string; name: string };
    files.rows[line] = JSON.stringify({ ...row, name: `${row.name} (revisado)` });
    return { what: row.id, names: row.id };
  },
  'delete a version row (and count one fewer in the manifest)': (files, random) => {
    const line = random.pick(files.rows.flatMap((row, i) => (row.startsWith('{"table":"versions"') ? [i] : [])));
    const { id } = JSON.parse(files.rows[line] as string) as { id: string };
    files.rows.splice(line, 1);
    files.manifest.rows.versions = (files.manifest.rows.versions ?? 0) - 1;
    return { what: id, names: id };
  },
  'add a version row (and count it in the manifest)': (files) => {
    const last = files.rows.findLastIndex((row) => row.startsWith('{"table":"versions"'));
    const forged = { table: 'versions', id: 'ver_forjada', docId: 'demo', seq: 20, name: 'Versión oficial', note: '', createdBy: 'u-ana', createdAt: 260 };
    files.rows.splice(last + 1, 0, JSON.stringify(forged));
    files.manifest.rows.versions = (files.manifest.rows.versions ?? 0) + 1;
    return { what: 'ver_forjada', names: 'versions ver_forjada' };
  },
  'show a hidden comment again (its moderation row removed, the manifest adjusted)': (files) => {
    const line = files.rows.findIndex((row) => row.startsWith('{"table":"comment_moderation"'));
    const { commentId } = JSON.parse(files.rows[line] as string) as { commentId: string };
    files.rows.splice(line, 1);
    files.manifest.rows.comment_moderation = (files.manifest.rows.comment_moderation ?? 0) - 1;
    return { what: commentId, names: commentId };
  },
};

function writeBundle(dir: string, files: BundleFiles): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(files.manifest, null, 2)}\n`);
  writeFileSync(path.join(dir, 'events.jsonl'), `${files.events.join('\n')}\n`);
  writeFileSync(path.join(dir, 'rows.jsonl'), files.rows.length > 0 ? `${files.rows.join('\n')}\n` : '');
  writeFileSync(path.join(dir, 'updates.bin'), files.updates);
}

describe(`tampering with an exported bundle (seed ${seed}, ${TRIALS} trials)`, () => {
  it('is caught by the standalone verifier, which names the record when the change is to one', async () => {
    const random = seededRandom(seed + 1);
    const names = Object.keys(BUNDLE_TAMPERS);
    const original: BundleFiles = {
      manifest: JSON.parse(readFileSync(path.join(bundle, 'manifest.json'), 'utf8')) as BundleFiles['manifest'],
      events: readFileSync(path.join(bundle, 'events.jsonl'), 'utf8').trimEnd().split('\n'),
      rows: readFileSync(path.join(bundle, 'rows.jsonl'), 'utf8').trimEnd().split('\n'),
      updates: readFileSync(path.join(bundle, 'updates.bin')),
    };
    // The copy as written, untouched, verifies: a trial fails for its change, not for the copying.
    const untouched = path.join(tempDataDir(), 'bundle');
    writeBundle(untouched, original);
    expect(await verifyBundle(untouched, head)).toEqual({ ok: true, count: head.count, head: head.hash });
    rmSync(path.dirname(untouched), { recursive: true, force: true });
    for (let trial = 0; trial < Math.max(TRIALS, names.length); trial++) {
      const name = names[trial % names.length] as string;
      const files: BundleFiles = { manifest: structuredClone(original.manifest), events: [...original.events], rows: [...original.rows], updates: Buffer.from(original.updates) };
      const { what, names: expected } = (BUNDLE_TAMPERS[name] as BundleTamper)(files, random);
      const label = `${name}: ${what} (seed ${seed + 1})`;
      const dir = path.join(tempDataDir(), 'bundle');
      writeBundle(dir, files);
      try {
        const verdict = await verifyBundle(dir, head);
        expect(verdict.ok, `${label} was not detected`).toBe(false);
        if (!verdict.ok && expected !== undefined) expect(verdict.problem.subject, `${label}: ${verdict.problem.reason}`).toBe(expected);
      } finally {
        rmSync(path.dirname(dir), { recursive: true, force: true });
      }
    }
  });
});

describe('a database from before the chain', () => {
  it('is chained when opened: old events hashed in order, its logged updates given events, then verified', async () => {
    const dir = tempDataDir();
    try {
      // The schema-1 tables that hold history, as Carta wrote them before the chain existed.
      const old = new Database(databasePath(dir));
      old.exec(`
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE users (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE documents (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE update_log (doc_key INTEGER NOT NULL, seq INTEGER NOT NULL, user_key INTEGER NOT NULL, received_at INTEGER NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (doc_key, seq)) WITHOUT ROWID;
        CREATE TABLE audit_events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor_id TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT);
        INSERT INTO settings VALUES ('schema_version', '1');
        INSERT INTO users VALUES (1, 'u-ana', 'Ana', 'member', 1);
        INSERT INTO documents VALUES (1, 'viejo', 'Viejo', 1);
        INSERT INTO update_log VALUES (1, 1, 1, 5, x'0102'), (1, 2, 1, 6, x'0304');
        INSERT INTO audit_events (at, actor_id, action, subject, detail) VALUES (1, 'system', 'user.create', 'u-ana', '{"name":"Ana","role":"member"}'), (1, 'u-ana', 'document.create', 'viejo', '{"title":"Viejo","bytes":2}');
      `);
      old.close();
      const store = openSqliteStore(dir);
      try {
        const events = await store.listAudit(0, 100);
        expect(events.map((e) => [e.action, e.subject])).toEqual([
          ['user.create', 'u-ana'],
          ['document.create', 'viejo'],
          ['update', 'viejo#1'],
          ['update', 'viejo#2'],
          ['audit.chain', 'audit'],
        ]);
        expect(events[2]).toMatchObject({ actorId: 'u-ana', at: 5, detail: { backfilled: true } });
        expect(await verifyAuditChain(store)).toMatchObject({ ok: true, count: 5 });
        expect(await store.getSetting('schema_version')).toBe('3');
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
