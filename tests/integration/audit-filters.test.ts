/**
 * Filtering the audit log: on a running server holding a known mix of events (two members'
 * edits, links about two articles, a version, a restore, imports, comments, stances, accounts),
 * every filter of `GET /api/audit` — person, kind, subject (exact by default, or by prefix),
 * article and their combinations —
 * answers exactly the events the whole log says it should, paged newest first by `before` and
 * oldest first by `after` without gaps or repeats; the store's search stays within its window and
 * says where to go on; bad values are refused with `bad-query`; only auditors and admins may look;
 * and `GET /api/audit/actors` counts each person's events.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_KINDS, type AuditKind, actionIsOfKind } from '../../shared/audit/audit-kinds.ts';
import type { AuditActorsAnswer, AuditPageAnswer } from '../../shared/audit/audit-types.ts';
import type { AuditFilter } from '../../server/storage/audit-queries.ts';
import type { AuditEvent } from '../../server/storage/store.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let auditor: string;
/** Every event of the log, oldest first, read once the population is written. */
let log: AuditEvent[];

const ART_ONE = 'art-uno-0001';
const ART_TWO = 'art-dos-0002';

const get = (path: string, token?: string): Promise<Response> =>
  fetch(`${server.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

async function page(query: string): Promise<AuditPageAnswer> {
  const response = await get(`/api/audit?${query}`, auditor);
  expect(response.status, `GET /api/audit?${query}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as AuditPageAnswer;
}

/** The people and events of the test, written through the store as the server's own writes do. */
async function writePopulation(): Promise<void> {
  const store = server.carta.store;
  for (const [id, name, role] of [
    ['u-ana', 'Ana Filtro', 'member'],
    ['u-beto', 'Beto Filtro', 'member'],
    ['u-ada', 'Ada Filtro', 'admin'],
    ['u-rita', 'Rita Filtro', 'citizen'],
  ] as const) {
    await store.ensureUser({ id, name, role }, 1_000);
  }
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'Artículo 1. ');
  await store.createDocument({ id: 'filtros', title: 'Filtros' }, Y.encodeStateAsUpdate(doc), 'u-ana', 2_000);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 40; i++) doc.getText('t').insert(doc.getText('t').length, `p${i} `);
  const edits = (from: number, to: number, userId: string) =>
    store.appendUpdates(updates.slice(from, to).map((update, i) => ({ docId: 'filtros', update, userId, receivedAt: 3_000 + from + i })));
  await edits(0, 10, 'u-ana');
  const first = await store.links.createLink({ docId: 'filtros', articleUid: ART_ONE, sourceId: 'src-a', relation: 'adapts', rationale: 'r', anchor: null, replaces: null }, 'u-ana', 4_000);
  await edits(10, 25, 'u-beto');
  await store.links.createLink({ docId: 'filtros', articleUid: ART_TWO, sourceId: 'src-b', relation: 'incorporates', rationale: 'r', anchor: null, replaces: null }, 'u-beto', 4_100);
  await store.links.retireLink(first.id, 'mal vinculado', 'u-ada', 4_200);
  await store.createVersion({ docId: 'filtros', seq: 26, name: 'Primera lectura', note: '', createdBy: 'u-beto', createdAt: 4_300 });
  await store.appendAudit({ at: 4_400, actorId: 'u-ana', action: 'version.restore', subject: 'filtros', detail: { fromSeq: 5, articleUid: ART_ONE, restoredAt: 27 } });
  await edits(25, 40, 'u-ana');
  await store.appendAudit({ at: 4_500, actorId: 'u-ada', action: 'sources.import', subject: 'peticiones.csv', detail: { created: 3 } });
  await store.appendAudit({ at: 4_600, actorId: 'u-ada', action: 'thresholds.set', subject: 'thresholds', detail: { levels: 2 } });
  await store.appendAudit({ at: 4_700, actorId: 'u-rita', action: 'comment.create', subject: 'cmt_1', detail: { docId: 'filtros', articleUid: ART_TWO, passage: false } });
  await store.appendAudit({ at: 4_800, actorId: 'u-rita', action: 'stance.set', subject: `filtros/${ART_TWO}`, detail: { docId: 'filtros', articleUid: ART_TWO, stance: 'support', previous: null } });
  await store.appendAudit({ at: 4_900, actorId: 'u-ada', action: 'readingRoom.configure', subject: 'filtros', detail: { liveDraft: true } });
  await store.appendAudit({ at: 5_000, actorId: 'u-ada', action: 'comment.hide', subject: 'cmt_1', detail: { docId: 'filtros', articleUid: ART_TWO, reason: 'x' } });
}

interface Filters {
  actor?: string;
  kind?: AuditKind;
  subject?: string;
  subjectMatch?: 'exact' | 'prefix';
  article?: string;
}

/** What the whole log says a filter should answer. */
function expected(filters: Filters): number[] {
  return log
    .filter(
      (event) =>
        (filters.actor === undefined || event.actorId === filters.actor) &&
        (filters.kind === undefined || actionIsOfKind(event.action, filters.kind)) &&
        (filters.subject === undefined || (filters.subjectMatch === 'prefix' ? event.subject.startsWith(filters.subject) : event.subject === filters.subject)) &&
        (filters.article === undefined || event.detail?.articleUid === filters.article),
    )
    .map((event) => event.id);
}

function queryOf(filters: Filters): string {
  return new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
}

/** Every event a filter answers, newest first, following `next` from the newest. */
async function newestFirst(filters: Filters, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let before: number | null = Number.MAX_SAFE_INTEGER;
  for (let requests = 0; before !== null; requests++) {
    if (requests > 500) throw new Error('paging did not end');
    const answer = await page(`${queryOf(filters)}&before=${before}&limit=${limit}`);
    ids.push(...answer.events.map((e) => e.id));
    before = answer.next;
  }
  return ids;
}

async function oldestFirst(filters: Filters, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let after: number | null = 0;
  for (let requests = 0; after !== null; requests++) {
    if (requests > 500) throw new Error('paging did not end');
    const answer = await page(`${queryOf(filters)}&after=${after}&limit=${limit}`);
    ids.push(...answer.events.map((e) => e.id));
    after = answer.next;
  }
  return ids;
}

const FILTERS: Filters[] = [
  {},
  { actor: 'u-ana' },
  { actor: 'u-beto' },
  // Ada and Rita never edited the text: the search skips logged updates for them.
  { actor: 'u-ada' },
  { actor: 'u-rita' },
  { actor: 'system' },
  { actor: 'nobody-at-all' },
  ...AUDIT_KINDS.map((kind) => ({ kind })),
  { subject: 'filtros' },
  { subject: 'filtros#1' },
  { subject: 'filtros#2', subjectMatch: 'exact' },
  { subject: 'filtros', subjectMatch: 'prefix' },
  { subject: 'filtros#2', subjectMatch: 'prefix' },
  { subject: 'cmt_', subjectMatch: 'prefix' },
  { subject: 'cmt_' },
  { subject: 'cmt_1' },
  { subject: 'no-such-subject' },
  { article: ART_ONE },
  { article: ART_TWO },
  { actor: 'u-ana', kind: 'edit' },
  { actor: 'u-ana', kind: 'link' },
  { actor: 'u-ada', kind: 'link' },
  { actor: 'u-rita', article: ART_TWO },
  { kind: 'edit', article: ART_ONE },
  { kind: 'restore', subject: 'filtros' },
  { actor: 'u-beto', subject: 'filtros#2' },
  { actor: 'u-beto', subject: 'filtros#2', subjectMatch: 'prefix' },
  { kind: 'comment', subject: 'cmt', subjectMatch: 'prefix' },
];

beforeAll(async () => {
  server = await startTestServer();
  auditor = await server.token('auditor', 'Olga Filtros');
  await writePopulation();
  log = await server.carta.store.listAudit(0, 100_000);
});

afterAll(async () => {
  await server.stop();
  server.cleanup();
});

describe('filtering the audit log', () => {
  it('holds the population the filters are checked against', () => {
    // The oracle must not be trivially empty: each kind of the test is present.
    for (const kind of ['edit', 'document', 'version', 'restore', 'link', 'sources', 'accounts', 'comment', 'stance', 'settings'] as const) {
      expect(expected({ kind }).length, kind).toBeGreaterThan(0);
    }
    expect(expected({ actor: 'u-ana', kind: 'edit' })).toHaveLength(26);
    expect(expected({ article: ART_TWO })).toHaveLength(4);
    // A subject is exact unless asked otherwise: cdmx#2 is not cdmx#20.
    expect(expected({ subject: 'filtros#2' })).toHaveLength(1);
    expect(expected({ subject: 'filtros#2', subjectMatch: 'prefix' }).length).toBeGreaterThan(10);
    expect(expected({ subject: 'cmt_' })).toEqual([]);
  });

  it('compares the subject exactly by default, and as a prefix with subjectMatch=prefix', async () => {
    const exact = await page(`subject=${encodeURIComponent('filtros#2')}&after=0&limit=1000`);
    expect(exact.events.map((e) => e.subject)).toEqual(['filtros#2']);
    const prefix = await page(`subject=${encodeURIComponent('filtros#2')}&subjectMatch=prefix&after=0&limit=1000`);
    expect(prefix.events.map((e) => e.subject)).toEqual(expect.arrayContaining(['filtros#2', 'filtros#20', 'filtros#29']));
    expect(prefix.events.every((e) => e.subject.startsWith('filtros#2'))).toBe(true);
    const explicit = await page(`subject=${encodeURIComponent('filtros#2')}&subjectMatch=exact&after=0&limit=1000`);
    expect(explicit.events.map((e) => e.id)).toEqual(exact.events.map((e) => e.id));
  });

  it('answers exactly the matching events for every filter, newest first by before and oldest first by after', async () => {
    for (const filters of FILTERS) {
      const want = expected(filters);
      const label = JSON.stringify(filters);
      expect(await newestFirst(filters, 7), `${label} newest first`).toEqual([...want].reverse());
      expect(await oldestFirst(filters, 7), `${label} oldest first`).toEqual(want);
    }
  });

  it('gives the newest page first, in order, with a cursor for the next', async () => {
    const want = expected({ actor: 'u-ana' }).reverse();
    const first = await page(`actor=u-ana&before=${Number.MAX_SAFE_INTEGER}&limit=5`);
    expect(first.events.map((e) => e.id)).toEqual(want.slice(0, 5));
    expect(first.next).toBe(want[4]);
    expect(first.events.every((e) => e.actor.name === 'Ana Filtro')).toBe(true);
    expect(first.head).toEqual(await server.carta.store.auditHead());
    const second = await page(`actor=u-ana&before=${first.next}&limit=5`);
    expect(second.events.map((e) => e.id)).toEqual(want.slice(5, 10));
    // An explicit `before` inside the log starts there.
    const middle = log[Math.floor(log.length / 2)]?.id ?? 1;
    const fromMiddle = await page(`before=${middle}&limit=3`);
    expect(fromMiddle.events.map((e) => e.id)).toEqual([middle - 1, middle - 2, middle - 3]);
  });

  it('refuses bad values with bad-query and a message that says what is expected', async () => {
    const cases: Array<[string, RegExp]> = [
      ['kind=nope', /kind is one of edit, document/],
      ['kind=edit&kind=link', /kind is one of/],
      ['article=short', /article is an article uid/],
      ['article=has%20spaces%20inside', /article is an article uid/],
      ['actor=', /actor is a user id/],
      [`subject=${'x'.repeat(201)}`, /subject is 1 to 200 characters/],
      ['subject=', /subject is 1 to 200/],
      ['subject=cmt_1&subjectMatch=starts', /subjectMatch is exact \(the default/],
      ['subjectMatch=prefix', /give subject too/],
      ['before=0', /before is an event id \(1 or more\)/],
      ['before=abc', /before is an event id/],
      ['after=-1', /after is an event id/],
      ['limit=1001', /limit is 1 to 1000/],
      ['after=3&before=9', /not both/],
      ['foo=1', /unknown parameter "foo"/],
    ];
    for (const [query, message] of cases) {
      const response = await get(`/api/audit?${query}`, auditor);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: string; message: string };
      expect(body.error, query).toBe('bad-query');
      expect(body.message, query).toMatch(message);
    }
  });

  it('lets only auditors and admins filter the log or list its people', async () => {
    for (const path of ['/api/audit?kind=edit', '/api/audit?actor=u-ana&before=10', '/api/audit/actors']) {
      expect((await get(path)).status, path).toBe(401);
      for (const role of ['citizen', 'member'] as const) {
        const refused = await get(path, await server.token(role, `Sin permiso ${role}`));
        expect(refused.status, `${role} ${path}`).toBe(403);
        expect(await refused.json()).toMatchObject({ error: 'forbidden' });
      }
      expect((await get(path, await server.token('admin', 'Ada Permitida'))).status, `admin ${path}`).toBe(200);
    }
    expect((await fetch(`${server.url}/api/audit/actors`, { method: 'POST' })).status).toBe(405);
  });
});

describe('the people in the audit log', () => {
  it('lists everyone who acted, with name, role and their events and edits counted', async () => {
    const response = await get('/api/audit/actors', auditor);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as AuditActorsAnswer;
    const head = await server.carta.store.auditHead();
    expect(answer.upTo).toBe(head.count);
    const all = await server.carta.store.listAudit(0, 100_000);
    const byActor = new Map<string, { events: number; updates: number }>();
    for (const event of all) {
      const count = byActor.get(event.actorId) ?? { events: 0, updates: 0 };
      count.events++;
      if (event.action === 'update') count.updates++;
      byActor.set(event.actorId, count);
    }
    expect(new Set(answer.actors.map((a) => a.id))).toEqual(new Set(byActor.keys()));
    expect(answer.total).toBe(byActor.size);
    for (const actor of answer.actors) expect({ id: actor.id, events: actor.events, updates: actor.updates }).toEqual({ id: actor.id, ...byActor.get(actor.id) });
    expect(answer.actors.find((a) => a.id === 'u-ana')).toMatchObject({ name: 'Ana Filtro', role: 'member', updates: 26 });
    expect(answer.actors.find((a) => a.id === 'u-rita')).toMatchObject({ name: 'Rita Filtro', role: 'citizen', events: 2, updates: 0 });
    // The server's own writes (seeding, tokens) are by its `system` user.
    const system = await server.carta.store.getUser('system');
    expect(answer.actors.find((a) => a.id === 'system')).toMatchObject({ name: system?.name, role: system?.role });
    // Most events first.
    const counts = answer.actors.map((a) => a.events);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('counts events appended since it last counted, and the person filter then finds a new editor', async () => {
    await get('/api/audit/actors', auditor);
    const store = server.carta.store;
    await store.appendAudit({ at: 6_000, actorId: 'u-rita', action: 'comment.create', subject: 'cmt_2', detail: { docId: 'filtros', articleUid: ART_ONE } });
    // Rita had no logged update when the counts were last taken; now she has one.
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getText('t').insert(0, 'x');
    await store.ensureUser({ id: 'u-rita', name: 'Rita Filtro', role: 'citizen' }, 1);
    await store.createDocument({ id: 'filtros-dos', title: 'Dos' }, Y.encodeStateAsUpdate(new Y.Doc()), 'u-ada', 6_100);
    await store.appendUpdates(updates.map((update) => ({ docId: 'filtros-dos', update, userId: 'u-rita', receivedAt: 6_200 })));
    const answer = (await (await get('/api/audit/actors', auditor)).json()) as AuditActorsAnswer;
    expect(answer.actors.find((a) => a.id === 'u-rita')).toMatchObject({ events: 4, updates: 1 });
    log = await store.listAudit(0, 100_000);
    expect(await newestFirst({ actor: 'u-rita' }, 2)).toEqual(expected({ actor: 'u-rita' }).reverse());
    expect(expected({ actor: 'u-rita', kind: 'edit' })).toHaveLength(1);
  });
});

describe('many people in the audit log', () => {
  it('lists at most the 1,000 most active, and says how many there are', async () => {
    const store = server.carta.store;
    // 1,001 citizens who each set a stance once (no user rows: the list names them by id).
    for (let i = 0; i < 1_001; i++) await store.appendAudit({ at: 7_000 + i, actorId: `u-muchos-${String(i).padStart(4, '0')}`, action: 'stance.set', subject: `filtros/${ART_ONE}`, detail: { docId: 'filtros', articleUid: ART_ONE, stance: 'support', previous: null } });
    const answer = (await (await get('/api/audit/actors', auditor)).json()) as AuditActorsAnswer;
    const all = await store.listAudit(0, 100_000);
    expect(answer.total).toBe(new Set(all.map((e) => e.actorId)).size);
    expect(answer.actors).toHaveLength(1_000);
    // The most active are all there: Ana, Beto, Ada, Rita and the system are kept, some one-stance citizens are not.
    for (const id of ['u-ana', 'u-beto', 'u-ada', 'u-rita', 'system']) expect(answer.actors.some((a) => a.id === id), id).toBe(true);
    expect(answer.actors.find((a) => a.id === 'u-muchos-0000')).toMatchObject({ name: null, role: null, events: 1, updates: 0 });
  });
});

describe('the store search behind the filters', () => {
  const window = 5;

  async function walk(filter: AuditFilter, skipUpdates: boolean, direction: 'older' | 'newer'): Promise<{ ids: number[]; requests: number; short: number }> {
    const ids: number[] = [];
    let from: number | null = direction === 'older' ? Number.MAX_SAFE_INTEGER : 0;
    let requests = 0;
    let short = 0;
    while (from !== null) {
      const result = await server.carta.store.auditQueries.search({ filter, direction, from, limit: 3, skipUpdates, window });
      requests++;
      if (requests > 1_000) throw new Error('the search did not end');
      if (result.events.length < 3 && result.next !== null) short++;
      for (const event of result.events) {
        // Never past the cursor, in the search's direction.
        if (direction === 'older') expect(event.id).toBeLessThan(from);
        else expect(event.id).toBeGreaterThan(from);
      }
      ids.push(...result.events.map((e) => e.id));
      from = result.next;
    }
    return { ids, requests, short };
  }

  it('examines at most its window per request and still reaches every match, in both directions', async () => {
    log = await server.carta.store.listAudit(0, 100_000);
    const rita = log.filter((e) => e.actorId === 'u-rita').map((e) => e.id);
    for (const direction of ['older', 'newer'] as const) {
      const { ids, requests, short } = await walk({ actorId: 'u-rita' }, false, direction);
      expect(ids).toEqual(direction === 'older' ? [...rita].reverse() : rita);
      // A window of 5 events: walking the whole log takes about a request per 5 events.
      expect(requests).toBeGreaterThanOrEqual(Math.floor(log.length / window));
      expect(short).toBeGreaterThan(0);
    }
  });

  it('skips logged updates when asked, through the index of the other events', async () => {
    const others = log.filter((e) => e.action !== 'update');
    const links = others.filter((e) => e.action.startsWith('link.')).map((e) => e.id);
    const { ids, requests } = await walk({ actions: { exact: [], prefixes: ['link.'] } }, true, 'older');
    expect(ids).toEqual([...links].reverse());
    // Windows of 5 of the other events only: far fewer requests than windows over the whole log.
    expect(requests).toBeLessThanOrEqual(Math.ceil(others.length / window) + 1);
    expect(requests).toBeLessThan(Math.floor(log.length / window));
  });
});
