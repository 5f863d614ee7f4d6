/**
 * The same link cannot be made twice: the same article, source and relation, and the same passage
 * (the same characters of the article, wherever it stands now) or both the whole article, while the
 * first is live, is refused with 409 `duplicate-link`, also when two members send it at once. Another
 * relation, another place of the same quote, or a first link that was retired or orphaned does not
 * make a duplicate. Real server, real y-websocket client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, type TestClient, waitFor } from '../support/collab-client.ts';
import { article, insertNumeral, textOf } from '../support/legal-y-doc.ts';
import { type Api, api, createLink, importFixtureSources, passageOf, petition } from '../support/provenance-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let http: Api;
let member: string;
let admin: string;
let editor: TestClient;
let sourceId: string;

const uidOf = (el: Y.XmlElement): string => String(el.getAttribute('uid'));

beforeAll(async () => {
  server = await startTestServer();
  http = api(server);
  member = await server.token('member', 'Ana Pérez');
  admin = await server.token('admin', 'Admin Uno');
  sourceId = (await importFixtureSources(server, [petition('dup', 'Una sola vez', 9_000)])).get('dup') as string;
  editor = connectClient(server.wsBase, member);
  await editor.synced();
});

afterAll(async () => {
  editor.destroy();
  await server.stop();
  server.cleanup();
});

async function post(body: Record<string, unknown>, token = member): Promise<{ status: number; error: string | null; id: string | null }> {
  const res = await http.post('/api/documents/cdmx/links', body, token);
  const answer = (await res.json()) as { error?: string; id?: string };
  return { status: res.status, error: answer.error ?? null, id: answer.id ?? null };
}

describe('a link made twice', () => {
  it('is refused while the first is live, for a passage and for the whole article', async () => {
    const art = article(editor.fragment, 1);
    // The same quote twice in one block, in different places.
    const block = insertNumeral(art, 'Dice que la ciudad cuida el agua. En cada barrio, la ciudad cuida el agua.');
    const room = await server.carta.registry.acquire('cdmx');
    await waitFor(() => room!.fragment.toString() === editor.fragment.toString(), 10_000, 'the server to have the block');
    server.carta.registry.releaseIfIdle(room!);
    const first = passageOf(textOf(block), 'la ciudad cuida el agua', 0);
    const second = passageOf(textOf(block), 'la ciudad cuida el agua', 1);
    const base = { articleUid: uidOf(art), sourceId, relation: 'incorporates', rationale: 'r' };

    const original = await createLink(http, member, { ...base, passage: first });
    // Ends made again from the same selection name the same characters: a duplicate, whoever sends it.
    expect(await post({ ...base, passage: passageOf(textOf(block), 'la ciudad cuida el agua', 0) }, admin)).toMatchObject({ status: 409, error: 'duplicate-link' });
    // Another relation, or the same quote elsewhere, is another link.
    expect(await post({ ...base, relation: 'adapts', passage: first })).toMatchObject({ status: 201 });
    expect(await post({ ...base, passage: second })).toMatchObject({ status: 201 });
    // A passage and the whole article are different targets; the whole article twice is not.
    expect(await post(base)).toMatchObject({ status: 201 });
    expect(await post(base)).toMatchObject({ status: 409, error: 'duplicate-link' });

    // Retired, the first no longer stands in the way.
    expect((await http.post(`/api/links/${original.id}/retire`, { reason: 'Se rehace.' }, member)).status).toBe(200);
    expect(await post({ ...base, passage: first })).toMatchObject({ status: 201 });
  });

  it('is refused once when two members send it at the same time', async () => {
    const art = article(editor.fragment, 2);
    const body = { articleUid: uidOf(art), sourceId, relation: 'responds_to', rationale: 'A la vez.' };
    const answers = await Promise.all([post(body, member), post(body, admin), post(body, member)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
  });

  it('is allowed when the first one is orphaned (its text was deleted)', async () => {
    const art = article(editor.fragment, 3);
    const block = insertNumeral(art, 'Un párrafo que se borrará entero para dejar huérfano su pasaje.');
    const room = await server.carta.registry.acquire('cdmx');
    await waitFor(() => room!.fragment.toString() === editor.fragment.toString(), 10_000, 'the server to have the block');
    server.carta.registry.releaseIfIdle(room!);
    const base = { articleUid: uidOf(art), sourceId, relation: 'incorporates', rationale: 'r' };
    const first = await createLink(http, member, { ...base, passage: passageOf(textOf(block), 'se borrará entero') });
    const text = textOf(block);
    text.delete(0, text.length);
    text.insert(0, 'Otro texto que dice que se borrará entero.');
    await waitFor(async () => {
      const links = (await (await http.get(`/api/documents/cdmx/links?articleUid=${uidOf(art)}`)).json()) as Array<{ id: string; status: string }>;
      return links.some((l) => l.id === first.id && l.status === 'orphaned');
    }, 10_000, 'the first link to be orphaned');
    expect(await post({ ...base, passage: passageOf(textOf(block), 'se borrará entero') })).toMatchObject({ status: 201 });
  });
});
