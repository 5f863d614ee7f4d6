/**
 * When someone creates, retires or re-anchors a link, every connection of that document hears it (a
 * `links-changed` notice, message type 100), readers included, so that their editors load the marks
 * again without waiting for a window focus. Connections of other documents hear nothing, and neither
 * does anyone when a write is refused. Real server, real y-websocket clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocumentFromMarkdown } from '../../server/documents/document-from-markdown.ts';
import type { Notice } from '../../shared/protocol/notices.ts';
import { connectClient, sleep, type TestClient, waitFor } from '../support/collab-client.ts';
import { article, textOf } from '../support/legal-y-doc.ts';
import { type Api, api, createLink, importFixtureSources, passageOf, petition } from '../support/provenance-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let http: Api;
let member: string;
let citizen: string;
let ana: TestClient;
let luis: TestClient;
let elsewhere: TestClient;
let sourceId: string;

const uidOf = (el: Y.XmlElement): string => String(el.getAttribute('uid'));
const linksChanged = (client: TestClient): Notice[] => client.notices.filter((n) => n.kind === 'links-changed');

beforeAll(async () => {
  server = await startTestServer();
  http = api(server);
  member = await server.token('member', 'Ana Pérez');
  citizen = await server.token('citizen', 'Luis Gómez');
  sourceId = (await importFixtureSources(server, [petition('avisos', 'Avisos a todos', 12_000)])).get('avisos') as string;
  await createDocumentFromMarkdown(server.carta.store, {
    id: 'otro',
    markdown: '# Otro documento\n\n## TÍTULO PRIMERO. DE PRUEBA\n\n#### Artículo 1. Único\n\n1. Un texto de prueba.\n',
    actorId: 'system',
  });
  ana = connectClient(server.wsBase, member);
  luis = connectClient(server.wsBase, citizen);
  elsewhere = connectClient(server.wsBase, member, 'otro');
  await Promise.all([ana.synced(), luis.synced(), elsewhere.synced()]);
});

afterAll(async () => {
  for (const client of [ana, luis, elsewhere]) client.destroy();
  await server.stop();
  server.cleanup();
});

/** Waits until every client in `clients` has heard `count` links-changed notices in all. */
async function heard(clients: TestClient[], count: number, what: string): Promise<void> {
  await waitFor(() => clients.every((client) => linksChanged(client).length >= count), 10_000, what);
  for (const client of clients) expect(linksChanged(client)).toHaveLength(count);
}

describe('the links-changed notice', () => {
  it('reaches every connection of the document when a link is created, retired or re-anchored, and no one else', async () => {
    const art = article(ana.fragment, 1);
    const block = art.get(1) as Y.XmlElement;
    const text = textOf(block);
    const passage = passageOf(text, text.toString().slice(0, 20));

    const link = await createLink(http, member, { articleUid: uidOf(art), sourceId, relation: 'incorporates', rationale: 'Aviso.', passage });
    await heard([ana, luis], 1, 'the notice of the new link');
    expect(linksChanged(ana)[0]).toEqual({ kind: 'links-changed' });

    // The passage's text goes (the server may not say so: nothing about links changed), then a
    // member re-anchors the link to where its quote is again, and retires the successor.
    text.delete(0, 20);
    text.insert(text.length, ` ${passage.quote}`);
    await waitFor(async () => {
      const res = await http.get(`/api/documents/cdmx/links?articleUid=${uidOf(art)}`);
      return ((await res.json()) as Array<{ id: string; status: string }>).some((l) => l.id === link.id && l.status === 'orphaned');
    }, 10_000, 'the passage to be orphaned');
    expect(linksChanged(ana)).toHaveLength(1);
    const reanchored = await http.post(`/api/links/${link.id}/reanchor`, { reason: 'El texto volvió al final del párrafo.' }, member);
    expect(reanchored.status).toBe(201);
    await heard([ana, luis], 2, 'the notice of the re-anchoring');
    const successor = ((await reanchored.json()) as { id: string }).id;
    expect((await http.post(`/api/links/${successor}/retire`, { reason: 'Ya no aplica.' }, member)).status).toBe(200);
    await heard([ana, luis], 3, 'the notice of the retirement');

    // Refused writes change nothing and announce nothing.
    expect((await http.post(`/api/links/${successor}/retire`, { reason: 'Otra vez.' }, member)).status).toBe(409);
    expect((await http.post('/api/documents/cdmx/links', { articleUid: uidOf(art), sourceId, relation: 'adapts', rationale: 'No.' }, citizen)).status).toBe(403);
    await sleep(200);
    expect(linksChanged(ana)).toHaveLength(3);
    expect(linksChanged(luis)).toHaveLength(3);
    expect(linksChanged(elsewhere)).toEqual([]);
  });
});
