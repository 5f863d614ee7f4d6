/**
 * Hostile or broken input closes only the offending socket, with its documented code; other
 * clients keep working and the document is unchanged.
 */
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { connectClient, rawSocket, type TestClient, waitFor } from '../support/collab-client.ts';
import { article, epigrafe } from '../support/legal-y-doc.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let witness: TestClient;
let memberToken: string;

function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

/** A genuine edit made on a copy of the current document, as a Yjs update. */
async function realEdit(text: string): Promise<Uint8Array> {
  const room = await server.carta.registry.acquire('cdmx');
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(room!.doc));
  const before = Y.encodeStateVector(copy);
  epigrafe(article(copy.getXmlFragment('prosemirror'), 20)).insert(0, text);
  return Y.encodeStateAsUpdate(copy, before);
}

async function serverText(): Promise<string> {
  return (await server.carta.registry.acquire('cdmx'))!.fragment.toString();
}

/** Sends frames on a fresh raw socket and returns the close code; checks nothing else changed. */
async function expectClose(frames: Uint8Array[], code: number): Promise<void> {
  const before = await serverText();
  const { ws, closed } = await rawSocket(server.wsBase, memberToken);
  for (const frame of frames) ws.send(frame);
  const result = await closed;
  expect(result.code).toBe(code);
  expect(await serverText()).toBe(before);
  expect(witness.closeCodes).toEqual([]);
  // The witness still edits, and its edit lands.
  const marker = `ok-${Math.random().toString(36).slice(2, 8)} `;
  epigrafe(article(witness.fragment, 30)).insert(0, marker);
  await waitFor(async () => (await serverText()).includes(marker), 10_000, 'witness edit after the refusal');
}

beforeAll(async () => {
  server = await startTestServer({ limits: { maxMessageBytes: 256 * 1024, awarenessPerSecond: 5, awarenessBurst: 10 } });
  memberToken = await server.token('member', 'Atacante');
  witness = connectClient(server.wsBase, await server.token('member', 'Testigo'));
  await witness.synced();
});

afterAll(async () => {
  witness.destroy();
  await server.stop();
  server.cleanup();
});

describe('malformed and hostile frames', () => {
  it('closes a socket that sends random bytes with 4400', async () => {
    const random = new Uint8Array(64);
    for (let i = 0; i < random.length; i++) random[i] = (i * 73 + 41) % 256;
    await expectClose([random], CloseCode.badMessage);
  });

  it('closes a socket that sends a truncated update with 4400', async () => {
    const update = await realEdit('truncado ');
    await expectClose([syncUpdateFrame(update.slice(0, Math.floor(update.length / 2)))], CloseCode.badMessage);
  });

  it('closes a socket whose update depends on state the server lacks with 4409 (resync)', async () => {
    const room = await server.carta.registry.acquire('cdmx');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(room!.doc));
    const fragment = copy.getXmlFragment('prosemirror');
    const base = Y.encodeStateVector(copy);
    epigrafe(article(fragment, 21)).insert(0, 'primero ');
    const middle = Y.encodeStateVector(copy);
    epigrafe(article(fragment, 21)).insert(0, 'segundo ');
    // Only the second edit: it builds on the first, which the server never received.
    const dependent = Y.encodeStateAsUpdate(copy, middle);
    expect(Y.encodeStateAsUpdate(copy, base).length).toBeGreaterThan(dependent.length);
    await expectClose([syncUpdateFrame(dependent)], CloseCode.resyncNeeded);
  });

  it('closes a socket that sends an oversized message with 4413', async () => {
    await expectClose([new Uint8Array(300 * 1024)], CloseCode.tooLarge);
  });

  it('closes a socket that floods awareness with 4429', async () => {
    const frames = Array.from({ length: 40 }, (_, i) => awarenessFrame(424242, i + 1, { cursor: null }));
    await expectClose(frames, CloseCode.rateLimited);
  });

  it('closes a socket that sends text frames or unknown message types with 4400', async () => {
    const { ws, closed } = await rawSocket(server.wsBase, memberToken);
    ws.send('hola');
    expect((await closed).code).toBe(CloseCode.badMessage);
    await expectClose([Uint8Array.of(9, 0, 0)], CloseCode.badMessage);
  });

  it('refuses a socket without a valid token with 4401, and an unknown document with 4404', async () => {
    const bad = await rawSocket(server.wsBase, 'not-a-token');
    expect((await bad.closed).code).toBe(CloseCode.unauthenticated);
    const tampered = memberToken.slice(0, -2) + (memberToken.endsWith('A') ? 'BB' : 'AA');
    const forged = await rawSocket(server.wsBase, tampered);
    expect((await forged.closed).code).toBe(CloseCode.unauthenticated);
    const missing = await rawSocket(server.wsBase, memberToken, 'no-existe');
    expect((await missing.closed).code).toBe(CloseCode.notFound);
  });

  it('accepts a genuine update sent the same raw way (the checks are not refusing everything)', async () => {
    const { ws } = await rawSocket(server.wsBase, memberToken);
    ws.send(syncUpdateFrame(await realEdit('genuino ')));
    await waitFor(async () => (await serverText()).includes('genuino '), 10_000, 'the genuine raw update');
    ws.close();
  });
});

describe('the checking budget', () => {
  it('refuses an update too costly to check within the budget, restarts the checker, and keeps serving others', async () => {
    const tight = await startTestServer({ limits: { checkTimeoutMs: 40 } });
    try {
      const bystander = connectClient(tight.wsBase, await tight.token('member', 'Paciente'));
      await bystander.synced();
      const room = await tight.carta.registry.acquire('cdmx');
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(room!.doc));
      const base = Y.encodeStateVector(copy);
      const target = article(copy.getXmlFragment('prosemirror'), 50);
      copy.transact(() => {
        for (let i = 0; i < 30_000; i++) {
          const block = new Y.XmlElement('parrafo');
          block.setAttribute('uid', `bulk${String(i).padStart(8, '0')}`);
          target.insert(1, [block]);
        }
      });
      const heavy = Y.encodeStateAsUpdate(copy, base);
      const before = room!.fragment.toString();
      const { ws, closed } = await rawSocket(tight.wsBase, await tight.token('member', 'Pesado'));
      ws.send(syncUpdateFrame(heavy));
      expect((await closed).code).toBe(CloseCode.tooLarge);
      expect(room!.fragment.toString()).toBe(before);
      expect(tight.logs.some((l) => l.includes('exceeded 40 ms'))).toBe(true);
      // A small edit still goes through (the restarted checker reloads its shadow).
      epigrafe(article(bystander.fragment, 51)).insert(0, 'después ');
      await waitFor(() => room!.fragment.toString().includes('después '), 10_000, 'bystander edit after the overrun');
      expect(bystander.closeCodes).toEqual([]);
      bystander.destroy();
    } finally {
      await tight.stop();
      tight.cleanup();
    }
  });
});
