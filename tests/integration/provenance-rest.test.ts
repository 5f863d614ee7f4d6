/**
 * Provenance over REST against a real server: members link passages and articles to sources, the
 * server checks the passage in the live text, retires and re-anchors with audit events; citizens,
 * auditors and anonymous readers read but cannot write; reports and exports are right.
 */
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LinkMarks, ResolvedLink } from '../../shared/provenance/link-types.ts';
import { csvCell } from '../../server/provenance/links-csv.ts';
import { connectClient, type TestClient, waitFor } from '../support/collab-client.ts';
import { article, newBlock, textOf } from '../support/legal-y-doc.ts';
import { type Api, api, createLink, importFixtureSources, passageOf, petition } from '../support/provenance-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let http: Api;
let member: string;
let admin: string;
let citizen: string;
let auditor: string;
let editor: TestClient;
let sources: Map<string, string>;

const uidOf = (el: Y.XmlElement): string => String(el.getAttribute('uid'));
/** Articles after the 7th whose first body child is a text block of some length (not an apartado), in order. */
function plainArticles(): number[] {
  const out: number[] = [];
  for (let n = 8; n <= 71; n++) {
    const first = article(editor.fragment, n).get(1);
    if (first instanceof Y.XmlElement && first.nodeName !== 'apartado' && textOf(first).length > 60) out.push(n);
  }
  return out;
}

/** The first body block of article n. */
const block = (n: number, index = 1): Y.XmlElement => article(editor.fragment, n).get(index) as Y.XmlElement;

async function expectError(res: Response, status: number, id: string): Promise<void> {
  expect({ status: res.status, body: await res.json() }).toMatchObject({ status, body: { error: id } });
}

beforeAll(async () => {
  server = await startTestServer();
  http = api(server);
  member = await server.token('member', 'Ana Pérez');
  admin = await server.token('admin', 'Admin Uno');
  citizen = await server.token('citizen', 'Luis Gómez');
  auditor = await server.token('auditor', 'Auditora');
  sources = await importFixtureSources(server, [
    petition('p-60k', 'Agua para todas', 60_000),
    petition('p-20k', 'Movilidad segura', 20_000),
    petition('p-7k', 'Parques vecinales', 7_000),
    petition('p-3k', 'Bibliotecas', 3_000),
    petition('p-55k', 'Vivienda digna', 55_000),
  ]);
  editor = connectClient(server.wsBase, member);
  await editor.synced();
});

afterAll(async () => {
  editor.destroy();
  await server.stop();
  server.cleanup();
});

const source = (ref: string): string => sources.get(ref) as string;

describe('creating provenance links', () => {
  it('links a passage read in the live text, storing the context the server computed', async () => {
    const text = textOf(block(1));
    const passage = passageOf(text, text.toString().slice(10, 40));
    const link = await createLink(http, member, { articleUid: uidOf(article(editor.fragment, 1)), sourceId: source('p-60k'), relation: 'incorporates', rationale: 'Recoge la petición.', passage });
    expect(link).toMatchObject({ status: 'live', text: passage.quote, relation: 'incorporates', createdBy: { name: 'Ana Pérez' }, article: { num: '1' }, retired: null });
    expect(link.anchor?.suffix).toBe(text.toString().slice(40, 80));
    expect(link.anchor?.prefix.endsWith(text.toString().slice(0, 10))).toBe(true);
    const audit = (await server.carta.store.listAudit(0, 10_000)).filter((e) => e.action === 'link.create' && e.subject === link.id);
    const ana = await server.carta.store.findUser('Ana Pérez', 'member');
    expect(audit).toEqual([expect.objectContaining({ actorId: ana?.id, detail: expect.objectContaining({ sourceId: source('p-60k'), relation: 'incorporates' }) })]);
    // The same link again, by anyone, while the first is live: 409, and nothing is written.
    const creations = async (): Promise<number> => (await server.carta.store.listAudit(0, 10_000)).filter((e) => e.action === 'link.create').length;
    const before = await creations();
    const twice = await http.post('/api/documents/cdmx/links', { articleUid: uidOf(article(editor.fragment, 1)), sourceId: source('p-60k'), relation: 'incorporates', rationale: 'Otra vez.', passage }, admin);
    await expectError(twice, 409, 'duplicate-link');
    expect(await creations()).toBe(before);
  });

  it('links a whole article, and admins may link too', async () => {
    const link = await createLink(http, admin, { articleUid: uidOf(article(editor.fragment, 2)), sourceId: source('p-20k'), relation: 'declined', rationale: 'Se discutió y no se incluyó.' });
    expect(link).toMatchObject({ status: 'live', anchor: null, text: null, article: { num: '2' } });
    await expectError(await http.post('/api/documents/cdmx/links', { articleUid: uidOf(article(editor.fragment, 2)), sourceId: source('p-20k'), relation: 'declined', rationale: 'Repetida.' }, member), 409, 'duplicate-link');
  });

  it('refuses a passage that does not read as quoted, or lies outside the article (422 anchor-mismatch)', async () => {
    const text = textOf(block(1));
    const passage = passageOf(text, text.toString().slice(0, 20));
    const body = { articleUid: uidOf(article(editor.fragment, 1)), sourceId: source('p-60k'), relation: 'adapts', rationale: 'x' };
    await expectError(await http.post('/api/documents/cdmx/links', { ...body, passage: { ...passage, quote: `${passage.quote}!` } }, member), 422, 'anchor-mismatch');
    await expectError(await http.post('/api/documents/cdmx/links', { ...body, articleUid: uidOf(article(editor.fragment, 3)), passage }, member), 422, 'anchor-mismatch');
    await expectError(await http.post('/api/documents/cdmx/links', { ...body, passage: { ...passage, start: 'AAAA' } }, member), 422, 'anchor-mismatch');
  });

  it('answers 404 for an unknown article, source or document, and 400 without a rationale', async () => {
    const body = { articleUid: uidOf(article(editor.fragment, 1)), sourceId: source('p-60k'), relation: 'adapts', rationale: 'x' };
    await expectError(await http.post('/api/documents/cdmx/links', { ...body, articleUid: 'no-such-article' }, member), 404, 'not-found');
    await expectError(await http.post('/api/documents/cdmx/links', { ...body, sourceId: 'src_nope' }, member), 404, 'not-found');
    await expectError(await http.post('/api/documents/nope/links', body, member), 404, 'not-found');
    await expectError(await http.post('/api/documents/cdmx/links', { ...body, rationale: '  ' }, member), 400, 'invalid-body');
    await expectError(await http.post('/api/documents/cdmx/links', { ...body, rationale: 'x'.repeat(5001) }, member), 400, 'invalid-body');
    await expectError(await http.post('/api/documents/cdmx/links', { ...body, relation: 'inspired' }, member), 400, 'invalid-body');
  });
});

describe('who may write', () => {
  it('citizens and auditors get 403 forbidden; anonymous callers 401; everyone may read', async () => {
    const link = await createLink(http, member, { articleUid: uidOf(article(editor.fragment, 3)), sourceId: source('p-3k'), relation: 'responds_to', rationale: 'r' });
    const body = { articleUid: uidOf(article(editor.fragment, 3)), sourceId: source('p-3k'), relation: 'adapts', rationale: 'x' };
    for (const token of [citizen, auditor]) {
      await expectError(await http.post('/api/documents/cdmx/links', body, token), 403, 'forbidden');
      await expectError(await http.post(`/api/links/${link.id}/retire`, { reason: 'no' }, token), 403, 'forbidden');
      await expectError(await http.post(`/api/links/${link.id}/reanchor`, {}, token), 403, 'forbidden');
    }
    await expectError(await http.post('/api/documents/cdmx/links', body), 401, 'unauthenticated');
    await expectError(await http.post(`/api/links/${link.id}/retire`, { reason: 'no' }), 401, 'unauthenticated');
    const listed = (await (await http.get('/api/documents/cdmx/links')).json()) as ResolvedLink[];
    expect(listed.map((l) => l.id)).toContain(link.id);
    expect((await http.get(`/api/documents/cdmx/articles/${uidOf(article(editor.fragment, 3))}/provenance`)).status).toBe(200);
  });
});

describe('retiring and re-anchoring', () => {
  it('retires with a reason and an audit event, once (409 already-retired)', async () => {
    const link = await createLink(http, member, { articleUid: uidOf(article(editor.fragment, 4)), sourceId: source('p-7k'), relation: 'adapts', rationale: 'r' });
    const res = await http.post(`/api/links/${link.id}/retire`, { reason: 'Vinculada por error' }, admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'retired', retired: { reason: 'Vinculada por error', by: { name: 'Admin Uno' } } });
    await expectError(await http.post(`/api/links/${link.id}/retire`, { reason: 'otra' }, admin), 409, 'already-retired');
    await expectError(await http.post(`/api/links/${link.id}/retire`, {}, admin), 400, 'invalid-body');
    await expectError(await http.post('/api/links/lnk_nope/retire', { reason: 'x' }, admin), 404, 'not-found');
    const admin1 = await server.carta.store.findUser('Admin Uno', 'admin');
    const audit = (await server.carta.store.listAudit(0, 10_000)).filter((e) => e.action === 'link.retire' && e.subject === link.id);
    expect(audit).toEqual([expect.objectContaining({ actorId: admin1?.id, detail: expect.objectContaining({ reason: 'Vinculada por error' }) })]);
    const active = (await (await http.get('/api/documents/cdmx/links')).json()) as ResolvedLink[];
    expect(active.map((l) => l.id)).not.toContain(link.id);
    const all = (await (await http.get('/api/documents/cdmx/links?includeRetired=true')).json()) as ResolvedLink[];
    expect(all.find((l) => l.id === link.id)?.status).toBe('retired');
  });

  it('shows a passage re-created away from its context as orphaned with its quote, and re-anchors it where the quote is now', async () => {
    const art = article(editor.fragment, plainArticles()[0] as number);
    const moved = art.get(1) as Y.XmlElement;
    const original = textOf(moved).toString();
    const passage = passageOf(textOf(moved), original.slice(5, 35));
    const link = await createLink(http, member, { articleUid: uidOf(art), sourceId: source('p-55k'), relation: 'incorporates', rationale: 'r', passage });
    await expectError(await http.post(`/api/links/${link.id}/reanchor`, {}, member), 409, 'not-orphaned');
    // The block is re-created (same uid, new characters) at the article's end and re-worded around
    // the quote: the quote is still in the article, but not where the passage stood.
    editor.doc.transact(() => {
      const copy = newBlock('numeral', `Reescrito: ${passage.quote} (fin)`);
      copy.setAttribute('uid', uidOf(moved));
      art.delete(1, 1);
      art.insert(art.length, [copy]);
    });
    let orphaned: ResolvedLink | undefined;
    await waitFor(async () => {
      const links = (await (await http.get(`/api/documents/cdmx/links?articleUid=${uidOf(art)}`)).json()) as ResolvedLink[];
      orphaned = links.find((l) => l.id === link.id);
      return orphaned?.status === 'orphaned';
    }, 10_000, 'the link to become orphaned');
    expect(orphaned).toMatchObject({ text: null, reanchorable: true, relocated: false, anchor: { quote: passage.quote } });
    const res = await http.post(`/api/links/${link.id}/reanchor`, { reason: 'El párrafo se movió' }, member);
    expect(res.status).toBe(201);
    const next = (await res.json()) as ResolvedLink;
    expect(next).toMatchObject({ status: 'live', relocated: false, text: passage.quote, replaces: link.id, relation: 'incorporates', rationale: 'r' });
    const old = (await (await http.get('/api/documents/cdmx/links?includeRetired=true')).json()) as ResolvedLink[];
    expect(old.find((l) => l.id === link.id)).toMatchObject({ status: 'retired', retired: { reason: 'El párrafo se movió' } });
  });

  it('answers 422 quote-not-found when the quote no longer occurs in its article', async () => {
    const art = article(editor.fragment, plainArticles()[1] as number);
    const target = art.get(1) as Y.XmlElement;
    const passage = passageOf(textOf(target), textOf(target).toString().slice(0, 25));
    const link = await createLink(http, member, { articleUid: uidOf(art), sourceId: source('p-3k'), relation: 'adapts', rationale: 'r', passage });
    textOf(target).delete(0, 25);
    await waitFor(async () => ((await (await http.get(`/api/documents/cdmx/links?articleUid=${uidOf(art)}`)).json()) as ResolvedLink[]).some((l) => l.id === link.id && l.status === 'orphaned'));
    await expectError(await http.post(`/api/links/${link.id}/reanchor`, {}, member), 422, 'quote-not-found');
  });
});

describe('traces, reports and exports', () => {
  it('traces an article to its sources', async () => {
    const uid = uidOf(article(editor.fragment, 1));
    const body = (await (await http.get(`/api/documents/cdmx/articles/${uid}/provenance`)).json()) as { article: { num: string }; links: ResolvedLink[]; sources: Record<string, { title: string }> };
    expect(body.article.num).toBe('1');
    expect(body.links.map((l) => l.sourceId)).toEqual([source('p-60k')]);
    expect(body.sources[source('p-60k')]?.title).toBe('Agua para todas');
    expect(body).toMatchObject({ total: 1, next: null });
    await expectError(await http.get(`/api/documents/cdmx/articles/${uid}/provenance?limit=0`), 400, 'bad-query');
    await expectError(await http.get('/api/documents/cdmx/articles/nope-nope-nope/provenance'), 404, 'not-found');
  });

  it('traces a source to the passages and articles linked to it', async () => {
    const body = (await (await http.get(`/api/sources/${source('p-60k')}`)).json()) as { source: { id: string }; links: ResolvedLink[] };
    expect(body.source.id).toBe(source('p-60k'));
    expect(body.links).toEqual([expect.objectContaining({ status: 'live', article: expect.objectContaining({ num: '1' }), createdBy: expect.objectContaining({ name: 'Ana Pérez' }), rationale: 'Recoge la petición.' })]);
    expect(body.links[0]?.text).toBe(body.links[0]?.anchor?.quote);
  });

  it('reports which petitions over each threshold the text answers', async () => {
    type Entry = { id: string; linked: boolean; articles: Array<{ num: string }> };
    type Page = { total: number; petitions: Entry[]; next: string | null };
    const report = (await (await http.get('/api/reports/commitments?docId=cdmx')).json()) as {
      thresholds: Array<{ level: number; reached: number; honoured: Page; notHonoured: Page }>;
    };
    /** Every petition of a list, read a small page at a time through the petitions report. */
    const every = async (level: number, list: 'honoured' | 'notHonoured'): Promise<Entry[]> => {
      const out: Entry[] = [];
      let after = '';
      do {
        const page = (await (await http.get(`/api/reports/petitions?docId=cdmx&minLevel=${level}&list=${list}&limit=2${after ? `&after=${after}` : ''}`)).json()) as Page;
        expect(page.petitions.length).toBeLessThanOrEqual(2);
        out.push(...page.petitions);
        after = page.next ?? '';
      } while (after);
      return out;
    };
    // Only this test's petitions: the server may have seeded others on first start.
    const mine = new Set(sources.values());
    const lists = new Map<string, Entry[]>();
    for (const threshold of report.thresholds) {
      for (const list of ['honoured', 'notHonoured'] as const) {
        const all = await every(threshold.level, list);
        // The counts cover every page, and the report's first page is the list's first page.
        expect(all).toHaveLength(threshold[list].total);
        expect(threshold[list].petitions.map((p) => p.id)).toEqual(all.slice(0, threshold[list].petitions.length).map((p) => p.id));
        expect(all.every((p) => p.linked === (list === 'honoured'))).toBe(true);
        lists.set(`${threshold.level}/${list}`, all);
      }
      expect(threshold.honoured.total + threshold.notHonoured.total).toBe(threshold.reached);
    }
    const ids = (level: number, list: string): string[] => (lists.get(`${level}/${list}`) ?? []).map((p) => p.id).filter((id) => mine.has(id)).sort();
    // 60k answered by article 1 (incorporates); 55k re-anchored live; 20k only declined; 7k retired; 3k under every threshold.
    expect(ids(3, 'honoured')).toEqual([source('p-60k'), source('p-55k')].sort());
    expect(ids(3, 'notHonoured')).toEqual([]);
    expect(ids(2, 'notHonoured')).toEqual([source('p-20k')]);
    expect(ids(1, 'notHonoured')).toEqual([source('p-20k'), source('p-7k')].sort());
    expect([...ids(1, 'honoured'), ...ids(1, 'notHonoured')]).toHaveLength(4);
    expect(lists.get('3/honoured')?.find((p) => p.id === source('p-60k'))?.articles).toEqual([expect.objectContaining({ num: '1' })]);
  });

  it('reports the share of articles with citizen provenance, sources per kind and links per relation', async () => {
    const report = (await (await http.get('/api/reports/provenance?docId=cdmx')).json()) as {
      articles: { total: number; withCitizenProvenance: number; share: number };
      sourcesPerKind: Record<string, number>;
      linksPerRelation: Record<string, number>;
      petitionsBySignatures: { total: number; points: Array<{ id: string; signatures: number; linked: boolean }>; bins: unknown[] };
    };
    expect(report.articles.total).toBe(71);
    // Articles 1 (incorporates), 3 (responds_to) and the re-anchored one; 2 is only declined, 4 retired, one orphaned.
    expect(report.articles.withCitizenProvenance).toBe(3);
    expect(report.articles.share).toBeCloseTo(3 / 71);
    expect(report.sourcesPerKind).toEqual(await server.carta.store.sources.countSources());
    expect(report.linksPerRelation).toMatchObject({ incorporates: 2, declined: 1, responds_to: 1, adapts: 1 });
    const mine = new Set(sources.values());
    // Every petition of this server is a point of the chart: there are fewer than it draws one by one.
    expect(report.petitionsBySignatures.bins).toEqual([]);
    expect(report.petitionsBySignatures.points).toHaveLength(report.petitionsBySignatures.total);
    const petitions = report.petitionsBySignatures.points.filter((p) => mine.has(p.id));
    expect(petitions.map((p) => [p.signatures, p.linked])).toEqual([[60_000, true], [55_000, true], [20_000, false], [7_000, false], [3_000, true]]);
  });

  it('exports the links as CSV that a spreadsheet cannot execute', async () => {
    await createLink(http, member, { articleUid: uidOf(article(editor.fragment, 7)), sourceId: source('p-3k'), relation: 'adapts', rationale: '=HYPERLINK("http://evil","clic"), y "comillas"' });
    const res = await http.get('/api/documents/cdmx/provenance/export?format=csv');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toMatch(/^link_id,doc_id,article_uid/);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""clic""), y ""comillas"""`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a\nb')).toBe('"a\nb"');
  });

  it('exports valid W3C PROV-JSON', async () => {
    const prov = (await (await http.get('/api/documents/cdmx/provenance/export?format=prov')).json()) as Record<string, Record<string, Record<string, unknown>>>;
    const schemaPath = path.resolve(import.meta.dirname, '../../fixtures/schemas/prov/prov-json.schema.json');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    const valid = validate(prov);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const ana = await server.carta.store.findUser('Ana Pérez', 'member');
    expect(prov.agent?.[`user:${encodeURIComponent(ana?.id ?? '')}`]).toMatchObject({ 'prov:type': 'prov:Person', 'prov:label': 'Ana Pérez' });
    expect(Object.values(prov.wasDerivedFrom ?? {}).some((d) => d['prov:usedEntity'] === `src:${source('p-60k')}`)).toBe(true);
    expect(Object.keys(prov.wasInvalidatedBy ?? {}).length).toBeGreaterThanOrEqual(2);
  });
});

describe('a heavily linked article', () => {
  it('comes in pages of 50 by default, each following the last, with the total', async () => {
    const uid = uidOf(article(editor.fragment, 70));
    const created: string[] = [];
    // Through the store: over REST the same source, relation and article twice would be a duplicate.
    const ana = await server.carta.store.findUser('Ana Pérez', 'member');
    for (let i = 0; i < 55; i++) {
      const input = { docId: 'cdmx', articleUid: uid, sourceId: source('p-7k'), relation: 'responds_to' as const, rationale: `página ${i}`, anchor: null, replaces: null };
      created.push((await server.carta.store.links.createLink(input, ana!.id, Date.now())).id);
    }
    type Page = { links: ResolvedLink[]; total: number; next: string | null };
    const first = (await (await http.get(`/api/documents/cdmx/articles/${uid}/provenance`)).json()) as Page;
    expect(first.links).toHaveLength(50);
    expect(first).toMatchObject({ total: 55, next: first.links[49]?.id });
    const second = (await (await http.get(`/api/documents/cdmx/articles/${uid}/provenance?after=${first.next}`)).json()) as Page;
    expect(second).toMatchObject({ total: 55, next: null });
    expect([...first.links, ...second.links].map((l) => l.id)).toEqual(created);
  });
});

describe("the editor's link marks", () => {
  it('list every live link compactly, leave retired ones out, and answer 304 while nothing changed', async () => {
    const all = (await (await http.get('/api/documents/cdmx/links?includeRetired=true')).json()) as ResolvedLink[];
    const first = await http.get('/api/documents/cdmx/link-marks');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') ?? '';
    const body = (await first.json()) as LinkMarks;
    expect(etag).toBe(`"marks-${body.version}"`);
    const live = all.filter((l) => l.retired === null);
    expect(all.length).toBeGreaterThan(live.length);
    // No passage here was relocated (tests/integration/provenance-relocation.test.ts has those): each keeps its own ends.
    expect(live.some((l) => l.relocated)).toBe(false);
    expect(body.marks).toEqual(live.map((l) => [l.id, l.articleUid, l.sourceId, l.anchor?.start ?? null, l.anchor?.end ?? null, l.relation, false]));

    const again = await fetch(`${server.url}/api/documents/cdmx/link-marks`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const created = await createLink(http, member, { articleUid: uidOf(article(editor.fragment, 69)), sourceId: source('p-3k'), relation: 'adapts', rationale: 'nuevo' });
    const changed = await fetch(`${server.url}/api/documents/cdmx/link-marks`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const marks = ((await changed.json()) as { marks: Array<[string]> }).marks;
    expect(marks.at(-1)?.[0]).toBe(created.id);
    await expectError(await http.get('/api/documents/nope/link-marks'), 404, 'not-found');
  });
});
