/**
 * The public reading room (/read/:docId): a calm page before anything is published; the newest named
 * version's text, not later edits; only named positions have pages; the live draft only once an
 * admin allows it (and that change is audited); every article of the real constitution numbered as
 * the exports number it, with its anchors, its sources and its comment and support counts; hostile
 * text inert; ETag revalidation; English labels around the Spanish text. Counts written through the
 * API show within COUNTS_REFRESH_MS (the kept page is composed again), counts written by another
 * process within COUNTS_MAX_AGE_MS, and no comment's text — least of all a hidden one's — ever shows.
 */
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTS_MAX_AGE_MS, COUNTS_REFRESH_MS } from '../../server/reading-room/reading-room-counts.ts';
import type { CommentCounts, ServedComment } from '../../shared/comments/comment-types.ts';
import { exportMarkdown } from '../../shared/markdown/markdown-export.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import type { SourceInput } from '../../server/storage/source-store.ts';
import { connectClient, type TestClient, waitFor } from '../support/collab-client.ts';
import { article, epigrafe } from '../support/legal-y-doc.ts';
import { api, type Api, createLink, importFixtureSources } from '../support/provenance-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let client: Api;
let member: string;
let admin: string;
let editor: TestClient;

const read = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${server.url}${path}`, { headers });

const put = (path: string, body: unknown, token?: string): Promise<Response> =>
  fetch(`${server.url}${path}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

async function page(path: string): Promise<string> {
  const res = await read(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  return res.text();
}

/** Names the current text as a version (as a member does on the history page); returns its log position. */
async function nameVersion(name: string, note = ''): Promise<number> {
  const res = await client.post('/api/documents/cdmx/versions', { name, note }, member);
  expect(res.status).toBe(201);
  return ((await res.json()) as { seq: number }).seq;
}

/** Types at the start of an article's epígrafe and waits until the server has it in the log. */
async function editEpigrafe(n: number, text: string): Promise<void> {
  epigrafe(article(editor.fragment, n)).insert(0, text);
  await waitFor(async () => (await (await client.get('/api/documents/cdmx/export?format=markdown', member)).text()).includes(text), 10_000, `the edit "${text}" to reach the server`);
}

/** The HTML of one article of a page (from its heading to the next article). */
function articleHtml(html: string, n: number): string {
  const start = html.indexOf(`id="articulo-${n}"`);
  expect(start, `article ${n} is on the page`).toBeGreaterThan(0);
  const next = html.indexOf('<section class="articulo"', start);
  return html.slice(start, next < 0 ? undefined : next);
}

/** The text of an article's participation line (its comment and support counts). */
function responsesOf(html: string, n: number): string {
  const slot = /<div class="rr-responses" data-comments-slot="[^"]*"[^>]*>(.*?)<\/div>/.exec(articleHtml(html, n));
  expect(slot, `article ${n} has its counts`).not.toBeNull();
  return textOf(slot?.[1] ?? '');
}

/** Text content of an HTML fragment (tags dropped, the few entities the room writes decoded). */
function textOf(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

beforeAll(async () => {
  server = await startTestServer();
  client = api(server);
  member = await server.token('member', 'Ana Redactora');
  admin = await server.token('admin', 'Admin Uno');
  editor = connectClient(server.wsBase, member);
  await editor.synced();
});

afterAll(async () => {
  editor?.destroy();
  await server.stop();
  server.cleanup();
});

describe('the public reading room', () => {
  it('says calmly that nothing is published yet, with no account and no script allowed', async () => {
    const res = await read('/read/cdmx');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Todavía no hay ninguna versión publicada');
    expect(html).toContain('Constitución Política de la Ciudad de México');
    expect(html).not.toContain('/read/cdmx/draft');
    expect(html).not.toContain('class="articulo"');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(html).not.toMatch(/<script/i);
  });

  it('shows the named version, not the edits made after it', async () => {
    await editEpigrafe(2, 'Publicado antes: ');
    const seq = await nameVersion('Proyecto de Constitución', 'Presentado a la Asamblea.');
    await editEpigrafe(2, 'Editado después: ');

    const latest = await page('/read/cdmx');
    expect(latest).toContain('Publicado antes: ');
    expect(latest).not.toContain('Editado después: ');
    expect(latest).toContain('Proyecto de Constitución');
    expect(latest).toContain('Presentado a la Asamblea.');
    expect(latest).toContain(`href="/read/cdmx/v/${seq}"`);

    const byPosition = await page(`/read/cdmx/v/${seq}`);
    expect(textOf(articleHtml(byPosition, 2))).toBe(textOf(articleHtml(latest, 2)));
  });

  it('has pages only for named positions: any other position, or a malformed one, is not found', async () => {
    const named = (await (await client.get('/api/documents/cdmx/versions', member)).json()) as { current: { seq: number }; named: Array<{ seq: number }> };
    const seq = named.named[0]?.seq ?? 0;
    expect(named.current.seq).toBeGreaterThan(seq);
    for (const path of [`/read/cdmx/v/${seq - 1}`, `/read/cdmx/v/${named.current.seq}`, '/read/cdmx/v/0', `/read/cdmx/v/0${seq}`, '/read/cdmx/v/abc', '/read/cdmx/v/', '/read/no-such-doc', '/read/%E0%A4%A', '/read/cdmx/other']) {
      const res = await read(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await res.text(), path).toContain('Esta página no existe');
    }
  });

  it('keeps the live draft private until an admin allows it, and audits that decision', async () => {
    expect((await read('/read/cdmx/draft')).status).toBe(404);
    expect(await (await client.get('/api/documents/cdmx/reading-room')).json()).toEqual({ liveDraft: false });

    expect((await put('/api/documents/cdmx/reading-room', { liveDraft: true })).status).toBe(401);
    for (const role of ['citizen', 'member', 'auditor'] as const) {
      const refused = await put('/api/documents/cdmx/reading-room', { liveDraft: true }, await server.token(role, `No admin ${role}`));
      expect(refused.status, role).toBe(403);
      expect(((await refused.json()) as { error: string }).error).toBe('forbidden');
    }
    expect((await put('/api/documents/cdmx/reading-room', { liveDraft: 'yes' }, admin)).status).toBe(400);
    expect((await put('/api/documents/no-such-doc/reading-room', { liveDraft: true }, admin)).status).toBe(404);
    expect((await read('/read/cdmx/draft')).status).toBe(404);

    const before = (await (await client.get('/api/audit/head')).json()) as { count: number };
    const allowed = await put('/api/documents/cdmx/reading-room', { liveDraft: true }, admin);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ liveDraft: true });
    const events = (await (await client.get(`/api/audit?after=${before.count}&limit=1000`, admin)).json()) as { events: Array<{ action: string; subject: string; actor: { name: string }; detail?: unknown }> };
    expect(events.events.filter((e) => e.action === 'readingRoom.configure')).toEqual([
      expect.objectContaining({ subject: 'cdmx', actor: expect.objectContaining({ name: 'Admin Uno' }), detail: { liveDraft: true } }),
    ]);

    const draft = await page('/read/cdmx/draft');
    expect(draft).toContain('Editado después: Publicado antes: ');
    expect(draft).toContain('Borrador en curso');
    expect(await page('/read/cdmx')).toContain('href="/read/cdmx/draft"');

    expect((await put('/api/documents/cdmx/reading-room', { liveDraft: false }, admin)).status).toBe(200);
    expect((await read('/read/cdmx/draft')).status).toBe(404);
    expect(await page('/read/cdmx')).not.toContain('href="/read/cdmx/draft"');
  });

  it('sets all 71 articles of the constitution, numbered and anchored as the exports number them', async () => {
    const versions = (await (await client.get('/api/documents/cdmx/versions', member)).json()) as { named: Array<{ seq: number }> };
    const seq = versions.named.at(-1)?.seq ?? 0;
    const html = await page('/read/cdmx');

    const headings = [...html.matchAll(/<h[34] class="epigrafe" id="articulo-(\d+)">(.*?)<\/h[34]>/g)];
    expect(headings.map((m) => Number(m[1]))).toEqual(Array.from({ length: 71 }, (_, i) => i + 1));
    headings.forEach((m, i) => expect(textOf(m[2] ?? '').startsWith(`Artículo ${i + 1}. `)).toBe(true));

    // The same numbers and epígrafes, títulos, capítulos and apartados as the Markdown export of that version.
    const text = (await (await client.get(`/api/documents/cdmx/versions/${seq}`, member)).json()) as { doc: unknown };
    const markdown = exportMarkdown(legalSchema.nodeFromJSON(text.doc), { title: 'x' });
    const exported = markdown.split('\n').filter((line) => /^#{2,5} /.test(line)).map((line) => line.replace(/^#+ /, ''));
    const shown = [...html.matchAll(/<h([2-5]) class="(?:preambulo-nombre|titulo-nombre|capitulo-nombre|epigrafe|apartado-epigrafe|transitorios-nombre)"[^>]*>(.*?)<\/h\1>/g)].map((m) => textOf(m[2] ?? ''));
    expect(shown.length).toBeGreaterThan(71 + 6);
    expect(shown).toEqual(exported);
    expect(textOf(articleHtml(html, 13))).toContain('A. Derecho a un medio ambiente sano');

    // Every article answers to its uid too, and shows its comment and support counts (none yet).
    const outline = (await (await client.get('/api/documents/cdmx/articles', member)).json()) as Array<{ uid: string; num: string }>;
    for (const entry of outline) {
      expect(html).toContain(`<section class="articulo" id="${entry.uid}" data-uid="${entry.uid}"`);
      expect(html).toContain(`<div class="rr-responses" data-comments-slot="${entry.uid}" lang="es">`);
    }
    for (const n of [1, 13, 71]) expect(responsesOf(html, n)).toBe('Participación ciudadana: 0 comentarios · 0 a favor · 0 en contra');
    // The table of contents links every article.
    for (let n = 1; n <= 71; n++) expect(html).toContain(`<a href="#articulo-${n}"><span class="rr-num">Artículo ${n}.</span>`);
    expect(html).toContain('<article class="rr-text" id="texto" lang="es"');
  });

  it('lists an article’s sources as published, marks sample data, and keeps hostile text inert', async () => {
    const hostileTitle = `<img src=x onerror=alert(1)> "Fuente" 'citada' & <script>robar()</script>`;
    const sources: SourceInput[] = [
      { kind: 'petition', externalRef: 'rr/hostile', title: hostileTitle, summary: 'Una fuente de prueba.', url: null, sample: true, details: { signatures: 12_000, openedOn: '2016-05-01' } },
      { kind: 'meeting', externalRef: 'rr/later', title: 'Reunión vinculada después', summary: '', url: null, sample: false, details: { date: '2016-06-01', organiser: 'Colectivo', place: 'Centro', topic: 'Agua', attendees: 10, minutes: 'Minuta.' } },
    ];
    const ids = await importFixtureSources(server, sources);
    const outline = (await (await client.get('/api/documents/cdmx/articles', member)).json()) as Array<{ uid: string }>;
    await createLink(client, member, { articleUid: outline[0]?.uid, sourceId: ids.get('rr/hostile'), relation: 'incorporates', rationale: 'La recoge.' });
    await editEpigrafe(3, `<script>alert("x")</script> "comillas" 'simples' & `);
    await nameVersion(`<b>Versión</b> "dos" <script>x()</script>`, `Nota <i>hostil</i> & "citada"`);
    await createLink(client, member, { articleUid: outline[0]?.uid, sourceId: ids.get('rr/later'), relation: 'adapts', rationale: 'Después de publicar.' });

    const html = await page('/read/cdmx');
    expect(html).not.toMatch(/<script|<img|<b>|<i>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;comillas&quot; &#39;simples&#39; &amp; ');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Fuente&quot; &#39;citada&#39; &amp; &lt;script&gt;robar()&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;Versión&lt;/b&gt; &quot;dos&quot; &lt;script&gt;x()&lt;/script&gt;');
    expect(html).toContain('Nota &lt;i&gt;hostil&lt;/i&gt; &amp; &quot;citada&quot;');

    const first = articleHtml(html, 1);
    expect(first).toContain(`<a class="rr-source-title" href="/sources/${ids.get('rr/hostile')}">`);
    expect(textOf(first)).toContain('Petición · incorpora');
    expect(textOf(first)).toContain('(datos de ejemplo)');
    // Linked after the version was named: not part of what was published, but in the draft.
    expect(first).not.toContain('Reunión vinculada después');
    expect((await put('/api/documents/cdmx/reading-room', { liveDraft: true }, admin)).status).toBe(200);
    expect(articleHtml(await page('/read/cdmx/draft'), 1)).toContain('Reunión vinculada después');
  });

  it('answers a reader who has the page with 304, until the page changes', async () => {
    const first = await read('/read/cdmx');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"rr-[\w-]+"$/);
    expect(first.headers.get('cache-control')).toContain('no-cache');
    const again = await read('/read/cdmx', { 'if-none-match': etag ?? '' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const named = (await (await client.get('/api/documents/cdmx/versions', member)).json()) as { named: Array<{ seq: number }> };
    const version = await read(`/read/cdmx/v/${named.named[0]?.seq}`);
    expect(version.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect((await read(`/read/cdmx/v/${named.named[0]?.seq}`, { 'if-none-match': version.headers.get('etag') ?? '' })).status).toBe(304);

    await editEpigrafe(4, 'Tercera: ');
    await nameVersion('Versión tres');
    const changed = await read('/read/cdmx', { 'if-none-match': etag ?? '' });
    expect(changed.status).toBe(200);
    const html = await changed.text();
    expect(html).toContain('Tercera: ');

    const stylesheet = /<link rel="stylesheet" href="(\/read\/_assets\/[^"]+\.css)">/.exec(html)?.[1];
    expect(stylesheet).toBeDefined();
    const css = await read(stylesheet ?? '/missing');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect(await css.text()).toContain('@media print');
  });

  it('speaks English with ?lang=en around the Spanish text', async () => {
    const html = await page('/read/cdmx?lang=en');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    for (const label of ['Reading room', 'Published version', 'Contents', 'Published versions', 'This is the most recent published version.', 'This article’s citizen sources', 'Petition · incorporates', 'sample data', 'Citizen participation:']) {
      expect(html).toContain(label);
    }
    expect(html).toContain('<article class="rr-text" id="texto" lang="es"');
    expect(html).toContain('<span class="rr-num">Artículo 13.</span> Ciudad habitable');
    expect(html).toContain('href="/read/cdmx" hreflang="es"');
    expect(html).toContain('href="/read/cdmx/draft?lang=en"');
    expect(html).not.toContain('Índice');
    const missing = await read('/read/cdmx/v/1?lang=en');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('This page does not exist');
  });
});

/** A page's raw bytes and headers, asking for `encoding` (fetch would decompress on its own). */
function rawPage(path: string, encoding: string, etag?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers: { 'accept-encoding': encoding, ...(etag ? { 'if-none-match': etag } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('comment and support counts in the reading room', () => {
  let outline: Array<{ uid: string }>;
  let citizens: string[];
  let firstSeq: number;
  const uidOf = (n: number): string => outline[n - 1]?.uid ?? '';

  async function comment(token: string, n: number, body: string, parentId?: string): Promise<ServedComment> {
    const res = await client.post('/api/documents/cdmx/comments', { articleUid: uidOf(n), body, ...(parentId ? { parentId } : {}) }, token);
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as ServedComment;
  }

  async function stance(token: string, n: number, value: 'support' | 'oppose' | null): Promise<void> {
    expect((await put(`/api/documents/cdmx/articles/${uidOf(n)}/stance`, { stance: value }, token)).status).toBe(200);
  }

  /**
   * The first answer at `path` whose article `n` shows `counts`, asked until `withinMs` after the
   * call (with room for a slow machine); fails if it never does.
   */
  async function showing(path: string, n: number, counts: string, withinMs: number): Promise<{ res: Response; html: string }> {
    const deadline = Date.now() + withinMs + 3_000;
    for (;;) {
      const res = await read(path);
      const html = await res.text();
      if (responsesOf(html, n) === counts) return { res, html };
      if (Date.now() > deadline) throw new Error(`article ${n} still shows "${responsesOf(html, n)}", not "${counts}"`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  beforeAll(async () => {
    outline = (await (await client.get('/api/documents/cdmx/articles', member)).json()) as Array<{ uid: string }>;
    citizens = await Promise.all(['Carla', 'Otto', 'Rita'].map((name) => server.token('citizen', `${name} Ciudadana`)));
    const versions = (await (await client.get('/api/documents/cdmx/versions', member)).json()) as { named: Array<{ seq: number }> };
    firstSeq = versions.named[0]?.seq ?? 0;
  });

  it('shows an article’s comments, support and opposition within COUNTS_REFRESH_MS after they are written through the API', async () => {
    const [carla = '', otto = '', rita = ''] = citizens;
    const before = await read('/read/cdmx');
    const etag = before.headers.get('etag') ?? '';
    expect(responsesOf(await before.text(), 13)).toBe('Participación ciudadana: 0 comentarios · 0 a favor · 0 en contra');
    // Nothing changed: the kept page is served whole, and says so.
    const again = await read('/read/cdmx');
    expect(again.headers.get('server-timing')).toMatch(/^page;dur=\d+\.\d+;desc="kept"$/);
    expect(again.headers.get('etag')).toBe(etag);

    const thread = await comment(carla, 13, 'Propongo que el derecho al agua sea exigible.');
    await comment(otto, 13, 'El apartado B debería mencionar los humedales.');
    await comment(rita, 13, 'De acuerdo con Carla.', thread.id);
    await stance(carla, 13, 'support');
    await stance(otto, 13, 'support');
    await stance(rita, 13, 'oppose');
    const counts = (await (await client.get('/api/documents/cdmx/comment-counts')).json()) as CommentCounts;
    expect(counts.articles[uidOf(13)]).toEqual({ threads: 2, comments: 3, support: 2, oppose: 1 });

    const shown = await showing('/read/cdmx', 13, 'Participación ciudadana: 3 comentarios · 2 a favor · 1 en contra', COUNTS_REFRESH_MS);
    // The text stayed rendered; only the page around it was composed again, with a new validator.
    expect(shown.res.headers.get('server-timing')).toMatch(/desc="composed"/);
    expect(shown.res.headers.get('etag')).not.toBe(etag);
    expect((await read('/read/cdmx', { 'if-none-match': etag })).status).toBe(200);
    const { html } = shown;
    expect(responsesOf(html, 12)).toBe('Participación ciudadana: 0 comentarios · 0 a favor · 0 en contra');
    // Every view shows the article's counts as they are now, in the reader's language (composed now: no wait).
    expect(responsesOf(await page(`/read/cdmx/v/${firstSeq}`), 13)).toBe('Participación ciudadana: 3 comentarios · 2 a favor · 1 en contra');
    expect(responsesOf(await page('/read/cdmx/draft'), 13)).toBe('Participación ciudadana: 3 comentarios · 2 a favor · 1 en contra');
    expect(responsesOf(await page('/read/cdmx?lang=en'), 13)).toBe('Citizen participation: 3 comments · 2 in support · 1 against');

    // A changed or withdrawn stance, and one comment, show as soon.
    await stance(rita, 13, null);
    await stance(otto, 13, 'oppose');
    await comment(otto, 12, 'Una sola observación.');
    const changed = await showing('/read/cdmx', 13, 'Participación ciudadana: 3 comentarios · 1 a favor · 1 en contra', COUNTS_REFRESH_MS);
    expect(responsesOf(changed.html, 12)).toBe('Participación ciudadana: 1 comentario · 0 a favor · 0 en contra');
  });

  it('never shows a comment’s text: a hidden comment is only counted, its text and the reason appear nowhere', async () => {
    const [carla = ''] = citizens;
    const secret = 'Texto que la moderación ocultó <b>7f3a</b>';
    await comment(carla, 14, 'Comentario visible 91c2.');
    const hidden = await comment(carla, 14, secret);
    const hide = await client.post(`/api/comments/${hidden.id}/hide`, { reason: 'Lenguaje ofensivo 5e1d.' }, admin);
    expect(hide.status).toBe(200);
    // Hidden comments are counted, as in every public count; only their text is withheld.
    await showing('/read/cdmx', 14, 'Participación ciudadana: 2 comentarios · 0 a favor · 0 en contra', COUNTS_REFRESH_MS);

    for (const path of ['/read/cdmx', '/read/cdmx?lang=en', '/read/cdmx/draft', `/read/cdmx/v/${firstSeq}`]) {
      const html = await page(path);
      for (const leak of ['7f3a', 'ocultó', '5e1d', '91c2', 'Propongo que el derecho']) expect(html, `${path} shows "${leak}"`).not.toContain(leak);
      expect(textOf(articleHtml(html, 14))).toMatch(/(2 comentarios|2 comments)/);
    }
    // The compressed page is the same page.
    const gzipped = await rawPage('/read/cdmx', 'gzip');
    expect(gunzipSync(gzipped.body).toString('utf8')).not.toContain('7f3a');
  });

  it('sends the page gzip-compressed to readers that accept it, the same bytes, with a validator of its own', async () => {
    const plain = await rawPage('/read/cdmx', 'identity');
    const gzipped = await rawPage('/read/cdmx', 'gzip, deflate, br');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    for (const answer of [plain, gzipped]) expect(answer.headers.vary).toContain('Accept-Encoding');
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 3);
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    const [plainTag, gzipTag] = [String(plain.headers.etag), String(gzipped.headers.etag)];
    expect(gzipTag).not.toBe(plainTag);
    expect((await rawPage('/read/cdmx', 'gzip', gzipTag)).status).toBe(304);
    expect((await rawPage('/read/cdmx', 'identity', plainTag)).status).toBe(304);
    // The small message pages are sent as they are.
    expect((await rawPage('/read/no-such-doc', 'gzip')).headers['content-encoding']).toBeUndefined();
  });

  it('shows counts written by another process (not through this server’s routes) within COUNTS_MAX_AGE_MS', async () => {
    const otto = ((await (await client.get('/api/me', citizens[1])).json()) as { id: string }).id;
    expect(responsesOf(await page('/read/cdmx'), 15)).toContain('0 a favor');
    const written = Date.now();
    // Straight into the store, as another process on the same data directory would: no hook hears it.
    await server.carta.store.stances.setStance('cdmx', uidOf(15), otto, 'support', written);
    await showing('/read/cdmx', 15, 'Participación ciudadana: 0 comentarios · 1 a favor · 0 en contra', COUNTS_MAX_AGE_MS);
    expect(Date.now() - written).toBeLessThan(COUNTS_MAX_AGE_MS + 3_000);
  });
});
