/**
 * The public reports stay bounded however many petitions there are, and still say exactly what
 * reading everything would: 2,600 petitions (signatures from 0 to 10,000,000, with ties) and a few
 * hundred whole-article links (some declined, retired, or to an article that does not exist),
 * checked against counts and orders worked out here from every petition and link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Threshold, thresholdLevelReached } from '../../shared/provenance/source-types.ts';
import { LINK_RELATIONS } from '../../shared/provenance/link-types.ts';
import type { SourceInput } from '../../server/storage/source-store.ts';
import { CHART_POINTS } from '../../server/provenance/signatures-summary.ts';
import { type Api, api, petition } from '../support/provenance-fixtures.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const SEED = Number(process.env.CARTA_TEST_SEED ?? 4242);
const PETITIONS = 2_600;

interface Entry {
  id: string;
  signatures: number;
  level: number;
  linked: boolean;
  articles: Array<{ docId: string; uid: string; num: string | null }>;
}
interface Page {
  total: number;
  petitions: Entry[];
  next: string | null;
}
interface Commitments {
  docId: string | null;
  thresholds: Array<Threshold & { reached: number; honoured: Page; notHonoured: Page }>;
}
interface Summary {
  total: number;
  linked: number;
  zero: number;
  points: Array<{ id: string; signatures: number; linked: boolean }>;
  bins: Array<{ min: number; max: number; count: number; linked: number }>;
}

let server: TestServer;
let http: Api;
let thresholds: Threshold[];
/** Every petition of the server, in the reports' order (signatures, most first, then import order). */
let ordered: Array<{ id: string; signatures: number }>;
/** Petitions with a live, non-retired link that is not `declined`. */
const answered = new Set<string>();
let articleUids: string[];

async function json<T>(path: string): Promise<T> {
  const res = await http.get(path);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function everyPage(path: string): Promise<Entry[]> {
  const out: Entry[] = [];
  let after: string | null = null;
  do {
    const page: Page = await json<Page>(`${path}&limit=100${after ? `&after=${after}` : ''}`);
    out.push(...page.petitions);
    after = page.next;
  } while (after);
  return out;
}

beforeAll(async () => {
  server = await startTestServer();
  http = api(server);
  const random = seededRandom(SEED);
  const inputs: SourceInput[] = [];
  for (let i = 0; i < PETITIONS; i++) {
    const signatures = i === 0 ? 10_000_000 : i === 1 ? 0 : i % 97 === 0 ? 5_000 : Math.floor(50 * Math.exp(random.next() * 7.5));
    inputs.push(petition(`report/${i}`, `Petición ${i}`, signatures));
  }
  const store = server.carta.store;
  await store.sources.importSources(inputs, { id: 'system', file: 'report-routes.json' }, Date.now());
  thresholds = await store.sources.thresholds();
  ordered = [];
  let after: string | undefined;
  do {
    const page = await store.sources.searchSources({ kind: 'petition', limit: 1000, ...(after ? { after } : {}) });
    for (const source of page.sources) if (source.kind === 'petition') ordered.push({ id: source.id, signatures: source.details.signatures });
    after = page.next ?? undefined;
  } while (after);

  const reader = await server.token('citizen', 'Lectora');
  const outline = await http.get('/api/documents/cdmx/articles', reader);
  articleUids = ((await outline.json()) as Array<{ uid: string }>).map((a) => a.uid);
  const member = await store.ensureUser({ id: 'report-member', name: 'Rosa Linares', role: 'member' }, Date.now());
  for (let i = 0; i < 400; i++) {
    const source = random.pick(ordered.slice(0, 1500));
    const relation = random.pick(LINK_RELATIONS);
    const gone = random.chance(0.05);
    const link = await store.links.createLink(
      { docId: 'cdmx', articleUid: gone ? 'no-such-article' : random.pick(articleUids), sourceId: source.id, relation, rationale: `r${i}`, anchor: null, replaces: null },
      member.id,
      Date.now(),
    );
    if (random.chance(0.1)) await store.links.retireLink(link.id, 'retirado', member.id, Date.now());
    else if (relation !== 'declined' && !gone) answered.add(source.id);
  }
});

afterAll(async () => {
  await server.stop();
  server.cleanup();
});

describe('the commitments report', () => {
  it('counts every petition over each threshold and answers one page per list', async () => {
    const report = await json<Commitments>('/api/reports/commitments?docId=cdmx');
    expect(report.thresholds.map((t) => t.level)).toEqual([...thresholds].sort((a, b) => a.level - b.level).map((t) => t.level));
    for (const level of report.thresholds) {
      const reached = ordered.filter((p) => p.signatures >= level.signatures);
      expect(level.reached).toBe(reached.length);
      expect(level.honoured.total).toBe(reached.filter((p) => answered.has(p.id)).length);
      expect(level.notHonoured.total).toBe(reached.filter((p) => !answered.has(p.id)).length);
      // The default page is small, whatever the population.
      expect(level.honoured.petitions.length).toBeLessThanOrEqual(10);
      expect(level.notHonoured.petitions.map((p) => p.id)).toEqual(reached.filter((p) => !answered.has(p.id)).slice(0, 10).map((p) => p.id));
      for (const entry of level.honoured.petitions) {
        expect(entry.linked).toBe(true);
        expect(entry.articles.length).toBeGreaterThan(0);
        expect(entry.articles.every((a) => a.docId === 'cdmx' && articleUids.includes(a.uid) && a.num !== null)).toBe(true);
      }
    }
    expect(JSON.stringify(report).length).toBeLessThan(60_000);
  });

  it('pages every list in the reports order, exactly once', async () => {
    for (const level of [0, 1, 3]) {
      const minimum = level === 0 ? 0 : Math.min(...thresholds.filter((t) => t.level >= level).map((t) => t.signatures));
      const reached = ordered.filter((p) => p.signatures >= minimum);
      const all = await everyPage(`/api/reports/petitions?docId=cdmx&minLevel=${level}`);
      expect(all.map((p) => p.id)).toEqual(reached.map((p) => p.id));
      expect(all.every((p) => p.linked === answered.has(p.id) && p.level === thresholdLevelReached(p.signatures, thresholds))).toBe(true);
      const honoured = await everyPage(`/api/reports/petitions?docId=cdmx&minLevel=${level}&list=honoured`);
      expect(honoured.map((p) => p.id)).toEqual(reached.filter((p) => answered.has(p.id)).map((p) => p.id));
      const pending = await everyPage(`/api/reports/petitions?docId=cdmx&minLevel=${level}&list=notHonoured`);
      expect(pending.map((p) => p.id)).toEqual(reached.filter((p) => !answered.has(p.id)).map((p) => p.id));
    }
    // Without a document, links of every document count: here the same.
    const first = await json<Page>('/api/reports/petitions?list=honoured&limit=5');
    expect(first.petitions.map((p) => p.id)).toEqual(ordered.filter((p) => answered.has(p.id)).slice(0, 5).map((p) => p.id));
  });

  it('follows a new link and a retirement at once', async () => {
    const store = server.carta.store;
    const pending = ordered.find((p) => !answered.has(p.id) && p.signatures >= 50_000);
    if (!pending) throw new Error('no pending petition over 50,000 signatures in this population');
    const count = async (): Promise<number> => (await json<Commitments>('/api/reports/commitments?docId=cdmx&limit=1')).thresholds.find((t) => t.level === 3)?.honoured.total ?? -1;
    const before = await count();
    const member = await store.ensureUser({ id: 'report-member', name: 'Rosa Linares', role: 'member' }, Date.now());
    const link = await store.links.createLink({ docId: 'cdmx', articleUid: articleUids[4] as string, sourceId: pending.id, relation: 'adapts', rationale: 'nuevo', anchor: null, replaces: null }, member.id, Date.now());
    expect(await count()).toBe(before + 1);
    await store.links.retireLink(link.id, 'era otro', member.id, Date.now());
    expect(await count()).toBe(before);
  });

  it('refuses pages it cannot serve: too large, unknown level, foreign cursor, unknown document', async () => {
    const status = async (path: string): Promise<[number, string]> => {
      const res = await http.get(path);
      return [res.status, ((await res.json()) as { error: string }).error];
    };
    expect(await status('/api/reports/commitments?limit=101')).toEqual([400, 'bad-query']);
    expect(await status('/api/reports/petitions?limit=0')).toEqual([400, 'bad-query']);
    expect(await status('/api/reports/petitions?minLevel=7')).toEqual([400, 'bad-query']);
    expect(await status('/api/reports/petitions?list=some')).toEqual([400, 'bad-query']);
    expect(await status('/api/reports/petitions?after=not-a-cursor')).toEqual([400, 'bad-cursor']);
    expect(await status('/api/reports/commitments?docId=nope')).toEqual([404, 'not-found']);
    expect(await status('/api/reports/petitions?docId=nope')).toEqual([404, 'not-found']);
    expect(await status('/api/reports/provenance?docId=nope')).toEqual([404, 'not-found']);
    const page = await json<Page>('/api/reports/petitions');
    expect(page.petitions).toHaveLength(25);
  });
});

describe('the chart summary', () => {
  it('draws the most signed petitions one by one and groups the rest, counting every petition once', async () => {
    const report = await json<{ petitionsBySignatures: Summary }>('/api/reports/provenance?docId=cdmx');
    const summary = report.petitionsBySignatures;
    expect(summary.total).toBe(ordered.length);
    expect(summary.linked).toBe(answered.size);
    expect(summary.zero).toBe(ordered.filter((p) => p.signatures === 0).length);
    expect(summary.points.map((p) => p.id)).toEqual(ordered.slice(0, CHART_POINTS).map((p) => p.id));
    expect(summary.points.every((p) => p.linked === answered.has(p.id))).toBe(true);
    const rest = ordered.slice(CHART_POINTS);
    expect(summary.bins.reduce((n, b) => n + b.count, 0)).toBe(rest.length);
    expect(summary.bins.reduce((n, b) => n + b.linked, 0)).toBe(rest.filter((p) => answered.has(p.id)).length);
    // Most first, not overlapping, each group's ends as found; the zeros are a group of their own.
    for (const [i, bin] of summary.bins.entries()) {
      expect(bin.count).toBe(rest.filter((p) => p.signatures >= bin.min && p.signatures <= bin.max).length);
      if (i > 0) expect(bin.max).toBeLessThan(summary.bins[i - 1]?.min ?? 0);
    }
    expect(summary.bins.at(-1)).toMatchObject({ min: 0, max: 0, count: 1 });
    expect(JSON.stringify(report).length).toBeLessThan(200_000);
  });
});
