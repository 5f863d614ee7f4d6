/**
 * The tamper-evident audit log: every write is a chained event, each logged update has its own
 * (covering its bytes), and any single change to the stored record — a flipped byte in an update,
 * an event field or a hash, a deleted row, two rows swapped — is caught by `audit verify` on the
 * database and by the standalone verifier on an exported bundle. Seeded: CARTA_TEST_SEED replays.
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

/** A small installation: a document with 30 updates by two members, a link, an import event. */
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
  await store.links.createLink(
    { docId: 'demo', articleUid: 'art-1', sourceId: 'src-1', relation: 'adapts', rationale: 'r', anchor: null, replaces: null },
    'u-ana',
    400,
  );
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
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['user.create', 'document.create', 'sources.import', 'link.create']));
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      expect(await verifyAuditChain(store)).toEqual({ ok: true, count: head.count, head: head.hash });
      expect(await verifyAuditChain(store, { noted: { count: 5, hash: events[4]?.hash ?? '' } })).toMatchObject({ ok: true });
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

type BundleTamper = (files: { events: string[]; updates: Buffer }, random: Random) => string;

const BUNDLE_TAMPERS: Record<string, BundleTamper> = {
  'flip a byte of updates.bin': (files, random) => {
    files.updates = flipByte(files.updates, random);
    return 'updates.bin';
  },
  'flip a byte of an event line': (files, random) => {
    const line = random.int(files.events.length);
    const text = files.events[line] as string;
    // A byte of a value (not of the JSON syntax, which would only make the line unreadable).
    const value = random.pick(['actorId', 'action', 'subject', 'hash', 'at']);
    const match = new RegExp(`"${value}":("?)([^",]+)`).exec(text);
    if (!match || match.index === undefined) return 'nothing';
    const start = match.index + value.length + 3 + (match[1]?.length ?? 0);
    const at = start + random.int(match[2]?.length ?? 1);
    const code = text.charCodeAt(at);
    const flipped = String.fromCharCode(/[0-9]/.test(text[at] ?? '') ? 48 + ((code - 48 + 1 + random.int(9)) % 10) : code ^ 1);
    files.events[line] = text.slice(0, at) + flipped + text.slice(at + 1);
    return `line ${line + 1} ${value}`;
  },
  'delete an event line': (files, random) => {
    const line = random.int(files.events.length);
    files.events.splice(line, 1);
    return `line ${line + 1}`;
  },
  'swap two event lines': (files, random) => {
    const n = files.events.length;
    const a = random.int(n);
    const b = (a + 1 + random.int(n - 1)) % n;
    [files.events[a], files.events[b]] = [files.events[b] as string, files.events[a] as string];
    return `lines ${a + 1} and ${b + 1}`;
  },
};

describe(`tampering with an exported bundle (seed ${seed}, ${TRIALS} trials)`, () => {
  it('is caught by the standalone verifier', async () => {
    const random = seededRandom(seed + 1);
    const names = Object.keys(BUNDLE_TAMPERS);
    const events = readFileSync(path.join(bundle, 'events.jsonl'), 'utf8').trimEnd().split('\n');
    const updates = readFileSync(path.join(bundle, 'updates.bin'));
    for (let trial = 0; trial < TRIALS; trial++) {
      const name = names[trial % names.length] as string;
      const files = { events: [...events], updates: Buffer.from(updates) };
      const what = `${name}: ${(BUNDLE_TAMPERS[name] as BundleTamper)(files, random)}`;
      const dir = path.join(tempDataDir(), 'bundle');
      mkdirSync(dir, { recursive: true });
      copyFileSync(path.join(bundle, 'manifest.json'), path.join(dir, 'manifest.json'));
      writeFileSync(path.join(dir, 'events.jsonl'), `${files.events.join('\n')}\n`);
      writeFileSync(path.join(dir, 'updates.bin'), files.updates);
      try {
        const verdict = await verifyBundle(dir, head);
        expect(verdict.ok, `${what} was not detected (seed ${seed + 1})`).toBe(false);
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
        INSERT INTO audit_events (at, actor_id, action, subject, detail) VALUES (1, 'system', 'user.create', 'u-ana', '{"name":"Ana"}'), (2, 'u-ana', 'document.create', 'viejo', NULL);
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
        expect(await store.getSetting('schema_version')).toBe('2');
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
