/** The SQLite link store: append-only links and retirements, audit events with authors, past provenance. */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LinkAlreadyRetiredError, type LinkInput } from '../../server/storage/link-store.ts';
import { databasePath, openSqliteStore, type SqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import { tempDataDir } from '../support/test-server.ts';

let dataDir: string;
let store: SqliteStore;

const input = (over: Partial<LinkInput> = {}): LinkInput => ({
  docId: 'cdmx',
  articleUid: 'art-uid-00001',
  sourceId: 'src_one',
  relation: 'incorporates',
  rationale: 'La petición pide esto.',
  anchor: { start: 'AAAA', end: 'BBBB', quote: 'derecho al agua', prefix: 'el ', suffix: '.' },
  replaces: null,
  ...over,
});

beforeEach(async () => {
  dataDir = tempDataDir();
  store = openSqliteStore(dataDir, { synchronous: 'NORMAL' });
  await store.ensureUser({ id: 'u-ana', name: 'Ana Pérez', role: 'member' }, 1);
  await store.ensureUser({ id: 'u-luis', name: 'Luis Gómez', role: 'admin' }, 1);
});

afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the link store', () => {
  it('creates links with lnk_ ids, authors by name, and an audit event in the same write', async () => {
    const link = await store.links.createLink(input(), 'u-ana', 1000);
    expect(link.id).toMatch(/^lnk_[a-z2-7]{16}$/);
    expect(link).toMatchObject({ createdBy: { id: 'u-ana', name: 'Ana Pérez' }, createdAt: 1000, retired: null, replaces: null, relation: 'incorporates' });
    expect(link.anchor?.quote).toBe('derecho al agua');
    const audit = (await store.listAudit(0, 100)).filter((e) => e.action === 'link.create');
    expect(audit).toEqual([
      expect.objectContaining({ actorId: 'u-ana', subject: link.id, detail: expect.objectContaining({ sourceId: 'src_one', articleUid: 'art-uid-00001', relation: 'incorporates' }) }),
    ]);
    const whole = await store.links.createLink(input({ anchor: null }), 'u-ana', 1001);
    expect(whole.anchor).toBeNull();
  });

  it('retires a link once, with its reason and author, and refuses a second retirement', async () => {
    const link = await store.links.createLink(input(), 'u-ana', 1000);
    const retired = await store.links.retireLink(link.id, 'Ya no aplica', 'u-luis', 2000);
    expect(retired?.retired).toEqual({ by: { id: 'u-luis', name: 'Luis Gómez' }, at: 2000, reason: 'Ya no aplica' });
    await expect(store.links.retireLink(link.id, 'otra vez', 'u-luis', 3000)).rejects.toBeInstanceOf(LinkAlreadyRetiredError);
    expect(await store.links.retireLink('lnk_missing', 'x', 'u-luis', 3000)).toBeNull();
    const audit = (await store.listAudit(0, 100)).filter((e) => e.action === 'link.retire');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: 'u-luis', subject: link.id, detail: { reason: 'Ya no aplica', sourceId: 'src_one' } });
  });

  it('replaces a link in one transaction: the old one retired, the new one naming it', async () => {
    const old = await store.links.createLink(input(), 'u-ana', 1000);
    const next = await store.links.replaceLink(old.id, 'Re-anclado', input({ anchor: { start: 'CCCC', end: 'DDDD', quote: 'derecho al agua', prefix: '', suffix: '' } }), 'u-ana', 2000);
    expect(next.replaces).toBe(old.id);
    expect((await store.links.getLink(old.id))?.retired?.reason).toBe('Re-anclado');
    await expect(store.links.replaceLink(old.id, 'again', input(), 'u-ana', 3000)).rejects.toBeInstanceOf(LinkAlreadyRetiredError);
    expect((await store.links.listLinks({ docId: 'cdmx' })).map((l) => l.id)).toEqual([next.id]);
  });

  it('filters by document, article and source, with or without retired links', async () => {
    const a = await store.links.createLink(input(), 'u-ana', 1);
    const b = await store.links.createLink(input({ articleUid: 'art-uid-00002', sourceId: 'src_two' }), 'u-ana', 2);
    const c = await store.links.createLink(input({ docId: 'other' }), 'u-ana', 3);
    await store.links.retireLink(a.id, 'r', 'u-ana', 4);
    expect((await store.links.listLinks({ docId: 'cdmx' })).map((l) => l.id)).toEqual([b.id]);
    expect((await store.links.listLinks({ docId: 'cdmx', includeRetired: true })).map((l) => l.id)).toEqual([a.id, b.id]);
    expect((await store.links.listLinks({ sourceId: 'src_one', includeRetired: true })).map((l) => l.id)).toEqual([a.id, c.id]);
    expect((await store.links.listLinks({ docId: 'cdmx', articleUid: 'art-uid-00002' })).map((l) => l.id)).toEqual([b.id]);
  });

  it('pages through links oldest first and counts them', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await store.links.createLink(input(), 'u-ana', i)).id);
    const first = await store.links.listLinks({ docId: 'cdmx', limit: 2 });
    const second = await store.links.listLinks({ docId: 'cdmx', limit: 2, after: first.at(-1)?.id });
    expect([...first, ...second].map((l) => l.id)).toEqual(made.slice(0, 4));
    await store.links.retireLink(made[0] as string, 'r', 'u-ana', 9);
    expect(await store.links.countLinks({ docId: 'cdmx' })).toBe(4);
    expect(await store.links.countLinks({ docId: 'cdmx', includeRetired: true })).toBe(5);
  });

  it('reconstructs the links as they stood at a past moment', async () => {
    const a = await store.links.createLink(input(), 'u-ana', 10);
    const b = await store.links.createLink(input(), 'u-ana', 20);
    await store.links.retireLink(a.id, 'r', 'u-ana', 30);
    expect((await store.links.linksAt('cdmx', 5)).map((l) => l.id)).toEqual([]);
    expect((await store.links.linksAt('cdmx', 25)).map((l) => ({ id: l.id, retired: l.retired }))).toEqual([
      { id: a.id, retired: null },
      { id: b.id, retired: null },
    ]);
    expect((await store.links.linksAt('cdmx', 30)).map((l) => l.id)).toEqual([b.id]);
  });

  it('refuses to update or delete links and retirements, even with direct SQL', async () => {
    const link = await store.links.createLink(input(), 'u-ana', 1);
    await store.links.retireLink(link.id, 'r', 'u-ana', 2);
    const db = new Database(databasePath(dataDir));
    try {
      expect(() => db.prepare("UPDATE links SET rationale = 'x'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM links').run()).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE link_retirements SET reason = 'x'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM link_retirements').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});
