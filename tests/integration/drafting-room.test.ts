/**
 * Members co-edit the constitution through the real server with real y-websocket clients; other
 * roles read; content the schema refuses never reaches the document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { article, epigrafe, insertNumeral, textOf } from '../support/legal-y-doc.ts';
import * as encoding from 'lib0/encoding';
import { connectClient, rawSocket, sleep, type TestClient, waitFor } from '../support/collab-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const clients: TestClient[] = [];

function client(token: string): TestClient {
  const c = connectClient(server.wsBase, token);
  clients.push(c);
  return c;
}

async function serverText(): Promise<string> {
  const room = await server.carta.registry.acquire('cdmx');
  if (!room) throw new Error('no room');
  return room.fragment.toString();
}

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  if (process.env.SHOW_LOGS) console.log(server.logs.join('\n'));
  for (const c of clients) c.destroy();
  await server.stop();
  server.cleanup();
});

describe('the drafting room', () => {
  it('gives every client the seeded constitution with its 71 articles', async () => {
    const ana = client(await server.token('member', 'Ana'));
    await ana.synced();
    expect(epigrafe(article(ana.fragment, 1)).toString()).toBe('De la Ciudad de México');
    expect(epigrafe(article(ana.fragment, 71)).toString()).toBe('Inviolabilidad constitucional');
    expect(() => article(ana.fragment, 72)).toThrow();
  });

  it('lets two members edit the same article concurrently and converge', async () => {
    const ana = client(await server.token('member', 'Ana'));
    const beto = client(await server.token('member', 'Beto'));
    await Promise.all([ana.synced(), beto.synced()]);
    const anaText = epigrafe(article(ana.fragment, 13));
    const betoText = epigrafe(article(beto.fragment, 13));
    // Both type at the same time, before either sees the other.
    anaText.insert(0, 'Ana escribe: ');
    betoText.insert(betoText.length, ' (Beto añade)');
    insertNumeral(article(beto.fragment, 13), 'Numeral nuevo de Beto.');
    await waitFor(() => ana.fragment.toString() === beto.fragment.toString(), 10_000, 'clients to converge');
    expect(epigrafe(article(ana.fragment, 13)).toString()).toBe('Ana escribe: Ciudad habitable (Beto añade)');
    expect(textOf(article(ana.fragment, 13).get(1) as Y.XmlElement).toString()).toBe('Numeral nuevo de Beto.');
    await waitFor(async () => (await serverText()) === ana.fragment.toString(), 5000, 'server to hold the same text');
  });

  it('delivers a deletion inside bold text to the server and the other members', async () => {
    const ana = client(await server.token('member', 'Ana'));
    const beto = client(await server.token('member', 'Beto'));
    await Promise.all([ana.synced(), beto.synced()]);
    const text = epigrafe(article(ana.fragment, 20));
    text.format(0, text.length, { strong: {} });
    await waitFor(() => beto.fragment.toString() === ana.fragment.toString(), 10_000, 'the bold to reach Beto');
    // A pure deletion (no new content) in formatted text: the update Yjs sends carries only a delete set.
    text.delete(0, 4);
    const expected = ana.fragment.toString();
    await waitFor(() => beto.fragment.toString() === expected, 10_000, 'the deletion to reach Beto');
    await waitFor(async () => (await serverText()) === expected, 5000, 'the server to hold the deletion');
  });

  it('refuses changes from a citizen and an auditor and leaves the document unchanged', async () => {
    const member = client(await server.token('member', 'Carla'));
    const citizen = client(await server.token('citizen', 'Ciudadana'));
    const auditor = client(await server.token('auditor', 'Auditor'));
    await Promise.all([member.synced(), citizen.synced(), auditor.synced()]);
    const before = await serverText();

    epigrafe(article(citizen.fragment, 2)).insert(0, 'CAMBIO DE CIUDADANA ');
    epigrafe(article(auditor.fragment, 3)).delete(0, 5);
    await waitFor(() => citizen.closeCodes.includes(CloseCode.forbidden) && auditor.closeCodes.includes(CloseCode.forbidden), 10_000, '4403 closes');
    await sleep(200);
    expect(await serverText()).toBe(before);
    expect(member.fragment.toString()).toBe(before);
  });

  it('still lets read-only users follow the live text', async () => {
    const member = client(await server.token('member', 'Dora'));
    const reader = client(await server.token('citizen', 'Lectora'));
    await Promise.all([member.synced(), reader.synced()]);
    epigrafe(article(member.fragment, 4)).insert(0, 'Visible: ');
    await waitFor(() => epigrafe(article(reader.fragment, 4)).toString().startsWith('Visible: '), 10_000, 'reader to see the edit');
    expect(reader.closeCodes).toEqual([]);
  });

  it('refuses an update that would break the legal structure, closing only that socket (4422)', async () => {
    const vandal = client(await server.token('member', 'Eva'));
    const bystander = client(await server.token('member', 'Fede'));
    await Promise.all([vandal.synced(), bystander.synced()]);
    const before = await serverText();
    // Deleting an article's epígrafe leaves an article without its required heading.
    article(vandal.fragment, 5).delete(0, 1);
    await waitFor(() => vandal.closeCodes.includes(CloseCode.invalidContent), 10_000, '4422 close');
    vandal.provider.disconnect();
    expect(await serverText()).toBe(before);
    // The bystander keeps working.
    epigrafe(article(bystander.fragment, 6)).insert(0, 'Sigue: ');
    await waitFor(async () => (await serverText()).includes('Sigue: '), 10_000, 'bystander edit to land');
    expect(bystander.closeCodes).toEqual([]);
  });

  it('refuses unknown node types, unsafe links and content outside the ProseMirror fragment', async () => {
    const before = await serverText();
    const attempts: Array<(c: TestClient) => void> = [
      (c) => article(c.fragment, 7).insert(1, [new Y.XmlElement('script')]),
      (c) => textOf(article(c.fragment, 1).get(1) as Y.XmlElement).format(0, 3, { link: { href: 'javascript:alert(1)', title: null } }),
      (c) => epigrafe(article(c.fragment, 8)).format(0, 3, { link: { href: 'https://example.org/', title: null } }),
      (c) => c.doc.getMap('intruso').set('x', 1),
      (c) => {
        const block = article(c.fragment, 9).get(1) as Y.XmlElement;
        block.setAttribute('uid', '');
      },
    ];
    for (const attempt of attempts) {
      const c = client(await server.token('member', 'Gabi'));
      await c.synced();
      attempt(c);
      await waitFor(() => c.closeCodes.includes(CloseCode.invalidContent), 10_000, '4422 close');
      c.provider.disconnect();
    }
    expect(await serverText()).toBe(before);
  });

  it('never relays a malformed cursor or unknown presence fields to other browsers', async () => {
    const citizen = await server.token('citizen', 'Traviesa');
    const watcher = client(await server.token('member', 'Vigilante'));
    await watcher.synced();
    const { ws } = await rawSocket(server.wsBase, citizen);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, 987654);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, JSON.stringify({ cursor: { anchor: 'x', head: 'y' }, script: '<img src=x onerror=alert(1)>' }));
    const outer = encoding.createEncoder();
    encoding.writeVarUint(outer, 1);
    encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
    ws.send(encoding.toUint8Array(outer));
    await waitFor(() => watcher.provider.awareness.getStates().has(987654), 10_000, 'the presence to arrive');
    expect(watcher.provider.awareness.getStates().get(987654)).toEqual({
      cursor: null,
      user: expect.objectContaining({ name: 'Traviesa', role: 'citizen' }),
    });
    ws.close();
  });

  it('replaces the name in awareness with the authenticated identity', async () => {
    const liar = client(await server.token('member', 'Honesta'));
    const watcher = client(await server.token('citizen', 'Observador'));
    await Promise.all([liar.synced(), watcher.synced()]);
    liar.provider.awareness.setLocalStateField('user', { name: 'Presidenta de la Comisión', color: '#000000' });
    await waitFor(() => {
      const state = watcher.provider.awareness.getStates().get(liar.doc.clientID) as { user?: { name?: string } } | undefined;
      return state?.user?.name === 'Honesta';
    }, 10_000, 'sanitised awareness');
  });
});
