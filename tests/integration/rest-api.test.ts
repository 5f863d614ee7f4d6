/** The REST contract: health, documents, the article outline, exports, and explicit refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMarkdown } from '../../shared/markdown/markdown-import.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { article, epigrafe } from '../support/legal-y-doc.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let member: string;

const get = (path: string, token?: string): Promise<Response> =>
  fetch(`${server.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

beforeAll(async () => {
  server = await startTestServer();
  member = await server.token('member', 'Ana');
});

afterAll(async () => {
  await server.stop();
  server.cleanup();
});

describe('REST API', () => {
  it('answers health and lists documents', async () => {
    expect(await (await get('/api/health')).json()).toEqual({ ok: true });
    const docs = (await (await get('/api/documents')).json()) as Array<{ id: string; title: string }>;
    expect(docs.map((d) => [d.id, d.title])).toEqual([['cdmx', 'Constitución Política de la Ciudad de México']]);
  });

  it('tells a signed-in person who they are and whether they may edit', async () => {
    const me = (await (await get('/api/me', member)).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ name: 'Ana', role: 'member', canEdit: true });
    expect(me.color).toMatch(/^#[0-9a-f]{6}$/);
    const citizen = (await (await get('/api/me', await server.token('citizen', 'Luz'))).json()) as Record<string, unknown>;
    expect(citizen).toMatchObject({ role: 'citizen', canEdit: false });
  });

  it('returns the outline of 71 articles with uid, eId, number and epígrafe', async () => {
    const res = await get('/api/documents/cdmx/articles', member);
    expect(res.status).toBe(200);
    const outline = (await res.json()) as Array<{ uid: string; eId: string; num: string; heading: string }>;
    expect(outline).toHaveLength(71);
    expect(outline[0]).toMatchObject({ eId: 'tit_1__art_1', num: '1', heading: 'De la Ciudad de México' });
    expect(outline[12]).toMatchObject({ eId: 'tit_2__chp_2__art_13', num: '13', heading: 'Ciudad habitable' });
    expect(new Set(outline.map((a) => a.uid)).size).toBe(71);
  });

  it('exports the live text as Markdown that imports back, and as JSON', async () => {
    const client = connectClient(server.wsBase, member);
    await client.synced();
    epigrafe(article(client.fragment, 2)).insert(0, 'Exportado: ');
    await waitFor(async () => (await (await get('/api/documents/cdmx/export?format=markdown', member)).text()).includes('Exportado: '), 10_000, 'export to show the edit');
    client.destroy();

    const markdown = await (await get('/api/documents/cdmx/export?format=markdown', member)).text();
    expect(markdown.startsWith('# Constitución Política de la Ciudad de México\n')).toBe(true);
    const reimported = importMarkdown(markdown);
    expect(reimported.problems).toEqual([]);
    expect(markdown).toContain('#### Artículo 2. Exportado: De la naturaleza intercultural');

    const json = (await (await get('/api/documents/cdmx/export?format=json', member)).json()) as { id: string; seq: number; doc: unknown };
    expect(json.id).toBe('cdmx');
    expect(json.seq).toBeGreaterThan(1);
    expect(() => legalSchema.nodeFromJSON(json.doc).check()).not.toThrow();
  });

  it('refuses clearly: no token, a bad token, an unknown document, an unknown format, an unknown route', async () => {
    const expectError = async (res: Response, status: number, error: string): Promise<void> => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe(error);
      expect(body.message.length).toBeGreaterThan(5);
    };
    await expectError(await get('/api/documents/cdmx/articles'), 401, 'unauthenticated');
    await expectError(await get('/api/me', 'nope.nope'), 401, 'unauthenticated');
    await expectError(await get('/api/documents/no-existe/articles', member), 404, 'not-found');
    await expectError(await get('/api/documents/cdmx/export?format=docx', member), 400, 'bad-format');
    await expectError(await get('/api/no-such-thing', member), 404, 'not-found');
    await expectError(await fetch(`${server.url}/api/documents/cdmx`, { method: 'DELETE', headers: { authorization: `Bearer ${member}` } }), 405, 'method-not-allowed');
  });

  it('serves public routes even to a caller whose token is bad, and a real 404 page for unknown pages', async () => {
    expect((await get('/api/health', 'garbage.token')).status).toBe(200);
    expect((await get('/api/documents', 'garbage.token')).status).toBe(200);
    const page = await fetch(`${server.url}/no/such/page`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Página no encontrada');
  });
});
