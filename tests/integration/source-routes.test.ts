/** The sources REST API against a real server: import, search, one source, thresholds, permissions, hostile text. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../shared/provenance/source-types.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.token('admin', 'Admin');
});
afterAll(async () => {
  await server.stop();
  server.cleanup();
});

async function upload(body: string | Uint8Array<ArrayBuffer>, query: string, token: string | null = admin, contentType = 'text/csv'): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/api/sources/import?${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function get<T = Record<string, unknown>>(path: string): Promise<{ status: number; json: T }> {
  const response = await fetch(`${server.url}/api${path}`);
  return { status: response.status, json: (await response.json()) as T };
}

interface Page {
  sources: { id: string; externalRef: string; title: string; summary: string; level: number; kind: string; details: Record<string, unknown> }[];
  total: number;
  next: string | null;
}

const CSV = [
  'kind,external_ref,title,summary,url,signatures,opened_on,date,organiser,place,topic,minutes',
  'petition,rest-p1,Banquetas libres en la vía pública,Que la vía pública sea para peatones,https://example.org/p1,52000,2016-05-02,,,,,',
  'petition,rest-p2,Ciclovías seguras,,,12000,2016-06-10,,,,,',
  'petition,rest-p3,Transparencia en nómina,,,300,,,,,,',
  'meeting,rest-m1,Encuentro sobre derechos indígenas,,,,,2016-07-09,Colectivo Tlalpan Vivo,Tlalpan,derechos indígenas,"Acta breve, con ""comillas"""',
].join('\r\n');

describe('the sources API', () => {
  it('imports a CSV file, then finds its sources accent-insensitively with their threshold levels', async () => {
    const imported = await upload(CSV, 'format=csv&file=rest.csv');
    expect(imported).toEqual({ status: 200, json: { created: 4, updated: 0, unchanged: 0 } });

    const page = (await get<Page>('/sources?q=via%20publica&sample=false')).json;
    expect(page.sources.map((s) => s.externalRef)).toEqual(['rest-p1']);
    expect(page.sources[0]?.level).toBe(3);

    const one = await get<{ source: { id: string; title: string }; level: number; links: unknown[] }>(`/sources/${page.sources[0]?.id}`);
    expect(one.json).toEqual({ source: expect.objectContaining({ title: 'Banquetas libres en la vía pública' }), level: 3, links: [] });
    expect((await get(`/sources/src_nothinghere`)).status).toBe(404);
  });

  it('re-importing the same file changes nothing; an edited row is updated, never duplicated', async () => {
    expect((await upload(CSV, 'format=csv&file=rest.csv')).json).toEqual({ created: 0, updated: 0, unchanged: 4 });
    const edited = CSV.replace('12000', '12500');
    expect((await upload(edited, 'file=rest.csv')).json).toEqual({ created: 0, updated: 1, unchanged: 3 });
    const page = (await get<Page>('/sources?q=ciclovias&sample=false')).json;
    expect(page.total).toBe(1);
    expect(page.sources[0]?.details.signatures).toBe(12500);
  });

  it('imports JSON too', async () => {
    const json = JSON.stringify([{ kind: 'survey_theme', externalRef: 'rest-t1', title: 'Agua', details: { theme: 'Agua', question: '¿Retos?', sampleResponses: ['más agua'] } }]);
    expect((await upload(json, 'format=json&file=t.json', admin, 'application/json')).json).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect((await get<Page>('/sources?q=mas%20agua&kind=survey_theme')).json.sources.map((s) => s.externalRef)).toEqual(['rest-t1']);
  });

  it('refuses a file with one bad row, names its line and column, and imports nothing of it', async () => {
    const before = (await get<Page>('/sources?limit=1')).json.total;
    const bad = `${CSV.replace(/rest-/g, 'bad-')}\r\npetition,bad-p9,Mala,,,muchas,,,,,,`;
    const refused = await upload(bad, 'format=csv&file=bad.csv');
    expect(refused.status).toBe(422);
    expect(refused.json).toEqual({
      error: 'bad-import',
      message: 'bad.csv: 1 problem; nothing was imported.',
      problems: [{ line: 6, column: 'signatures', reason: 'must be a whole number' }],
    });
    expect((await get<Page>('/sources?limit=1')).json.total).toBe(before);
  });

  it('refuses to change a known source’s kind, naming the line and the reference, and imports nothing of the file', async () => {
    const before = (await get<Page>('/sources?limit=1')).json.total;
    const csv = ['kind,external_ref,title,signatures', 'petition,kind-new-1,Nueva,5', 'petition,rest-m1,Encuentro convertido en petición,100'].join('\n');
    const refused = await upload(csv, 'format=csv&file=kinds.csv');
    expect(refused).toEqual({
      status: 422,
      json: {
        error: 'bad-import',
        message: 'kinds.csv: 1 problem; nothing was imported.',
        problems: [{ line: 3, column: 'kind', reason: expect.stringMatching(/^external reference "rest-m1" is already a meeting \(src_[a-z2-7]+\); an import cannot make it a petition/) }],
      },
    });
    expect((await get<Page>('/sources?limit=1')).json.total).toBe(before);
    expect((await get<Page>('/sources?q=derechos%20indigenas&sample=false')).json.sources.map((s) => [s.externalRef, s.kind])).toEqual([['rest-m1', 'meeting']]);
    const json = JSON.stringify([{ kind: 'other', externalRef: 'rest-p3', title: 'Transparencia en nómina' }]);
    expect((await upload(json, 'format=json', admin, 'application/json')).json).toMatchObject({ problems: [{ line: 1, column: '[0].kind', reason: expect.stringMatching(/already a petition .* cannot make it an "other" source/) }] });
  });

  it('answers an upload without a body with the documented problems list', async () => {
    for (const body of [undefined, '']) {
      const response = await fetch(`${server.url}/api/sources/import?format=csv&file=vacio.csv`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, ...(body === undefined ? {} : { body }) });
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({
        error: 'bad-import',
        message: 'vacio.csv: 1 problem; nothing was imported.',
        problems: [{ line: 1, column: '', reason: 'the file is empty (a header line naming the columns comes first)' }],
      });
    }
  });

  it('says what is wrong with a JSON body that is valid JSON but not an object or array', async () => {
    const response = await fetch(`${server.url}/api/thresholds`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: 'null' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'bad-json', message: 'The body is JSON null; this route takes a JSON object ({…}) or array ([…]).' });
    const broken = await fetch(`${server.url}/api/thresholds`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: '[{"level": 1,' });
    expect(await broken.json()).toMatchObject({ error: 'bad-json', message: expect.stringMatching(/^The body is not valid JSON: /) });
  });

  it('filters by kind, signatures and threshold level, and pages with a cursor', async () => {
    const petitions = (await get<Page>('/sources?kind=petition&q=rest')).json;
    expect(petitions.sources.every((s) => s.kind === 'petition')).toBe(true);
    const overTen = (await get<Page>('/sources?minSignatures=10000&sample=false')).json.sources.map((s) => s.externalRef);
    expect(overTen).toEqual(expect.arrayContaining(['rest-p1', 'rest-p2']));
    expect(overTen).not.toContain('rest-p3');
    const level3 = (await get<Page>('/sources?minLevel=3&sample=false')).json;
    expect(level3.sources.every((s) => s.level === 3)).toBe(true);
    expect(level3.sources.map((s) => s.externalRef)).toContain('rest-p1');

    const first = (await get<Page>('/sources?limit=2')).json;
    expect(first.sources).toHaveLength(2);
    const second = (await get<Page>(`/sources?limit=2&after=${first.next}`)).json;
    expect(second.sources.map((s) => s.id)).not.toContain(first.sources[0]?.id);
  });

  it('validates the search query', async () => {
    expect((await get('/sources?limit=101')).json).toMatchObject({ error: 'bad-query' });
    expect((await get('/sources?kind=rumour')).json).toMatchObject({ error: 'bad-query' });
    expect((await get('/sources?minSignatures=-1')).status).toBe(400);
    expect((await get('/sources?after=garbage')).json).toMatchObject({ error: 'bad-cursor' });
    expect((await get('/sources?q=%22%20OR%20*%20NEAR(')).status).toBe(200);
  });

  it('lets only admins import and set thresholds; citizens and members get 403 forbidden', async () => {
    for (const role of ['citizen', 'member', 'auditor'] as const) {
      const token = await server.token(role);
      const refused = await upload(CSV, 'format=csv', token);
      expect(refused).toMatchObject({ status: 403, json: { error: 'forbidden' } });
      const put = await fetch(`${server.url}/api/thresholds`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '[]' });
      expect(put.status).toBe(403);
      expect(await put.json()).toMatchObject({ error: 'forbidden' });
    }
    expect(await upload(CSV, 'format=csv', null)).toMatchObject({ status: 401, json: { error: 'unauthenticated' } });
  });

  it('reads thresholds publicly and lets an admin replace them (validated)', async () => {
    expect((await get('/thresholds')).json).toEqual(DEFAULT_THRESHOLDS);
    const put = (body: unknown) =>
      fetch(`${server.url}/api/thresholds`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put([{ level: 1, signatures: 10 }])).status).toBe(400);
    expect((await put([...DEFAULT_THRESHOLDS, { level: 4, signatures: 1_000, consequence: { es: 'x', en: 'x' } }])).status).toBe(400);
    const custom = [...DEFAULT_THRESHOLDS, { level: 4, signatures: 100_000, consequence: { es: 'Otra', en: 'Another' } }];
    const accepted = await put(custom);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual(custom);
    expect((await get('/thresholds')).json).toEqual(custom);
    await put(DEFAULT_THRESHOLDS);
  });

  it('stores hostile text as text and returns it unchanged: HTML, script tags, long fields', async () => {
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)><b>negritas</b> & "comillas"';
    const long = 'a'.repeat(4_900);
    const json = JSON.stringify([
      { kind: 'proposal', externalRef: 'rest-hostile', title: hostile, summary: long },
      { kind: 'meeting', externalRef: 'rest-long', title: 'Acta larga', details: { date: '2016-08-01', organiser: 'Colectivo', minutes: 'm'.repeat(50_000) } },
    ]);
    expect((await upload(json, 'format=json&file=h.json', admin, 'application/json')).status).toBe(200);
    const found = (await get<Page>('/sources?q=negritas')).json.sources[0];
    expect(found?.title).toBe(hostile);
    expect(found?.summary).toBe(long);

    const huge = JSON.stringify([{ kind: 'proposal', externalRef: 'rest-huge', title: 'x', summary: 'b'.repeat(100_000) }]);
    const refused = await upload(huge, 'format=json', admin, 'application/json');
    expect(refused).toMatchObject({ status: 422, json: { problems: [{ line: 1, column: '[0].summary', reason: 'longer than 5,000 characters' }] } });
  });

  it('refuses invalid UTF-8 and removes NUL bytes', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('kind,external_ref,title\nproposal,rest-l1,Caf'), 0xe9, 0x0a]);
    expect(await upload(latin1, 'format=csv')).toMatchObject({ status: 422, json: { problems: [{ line: 2, reason: expect.stringMatching(/not valid UTF-8/) }] } });
    const nul = await upload('kind,external_ref,title\nproposal,rest-nul,Con\u0000nulo\n', 'format=csv');
    expect(nul.json).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect((await get<Page>('/sources?q=connulo')).json.sources[0]?.title).toBe('Connulo');
  });

  it('accepts files larger than the 1 MB JSON limit, up to 20 MB', async () => {
    const rows = Array.from({ length: 6_000 }, (_, i) => `petition,big-${i},Petición de ejemplo número ${i} sobre movilidad y espacio público en la ciudad,${'r'.repeat(120)},,${i},2016-05-01`);
    const csv = ['kind,external_ref,title,summary,url,signatures,opened_on', ...rows].join('\n');
    expect(csv.length).toBeGreaterThan(1_000_000);
    expect((await upload(csv, 'format=csv&file=big.csv')).json).toEqual({ created: 6_000, updated: 0, unchanged: 0 });
  });

  it('records every import and threshold change in the audit log with its author', async () => {
    const events = await server.carta.store.listAudit(0, 1000);
    const imports = events.filter((e) => e.action === 'sources.import');
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.some((e) => e.subject === 'rest.csv' && e.actorId !== 'system')).toBe(true);
    expect(events.some((e) => e.action === 'thresholds.set')).toBe(true);
  });
});
