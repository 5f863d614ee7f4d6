/**
 * Twenty members make random edits (typing, deleting, formatting, adding and removing blocks)
 * while randomly dropping and regaining their connections. Everyone — and the server — must end with
 * the same, schema-valid document. The seed is printed; CARTA_TEST_SEED=<seed> replays a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import * as Y from 'yjs';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { connectClient, sleep, type TestClient, waitFor } from '../support/collab-client.ts';
import { newBlock, textBlocks, textOf } from '../support/legal-y-doc.ts';
import { type Random, seededRandom, testSeed } from '../support/seeded-random.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CLIENTS = 20;
const ROUNDS = 30;

let server: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.stop();
  server.cleanup();
});

/** One random edit that is valid for the schema on its own. */
function randomEdit(client: TestClient, random: Random, label: string): void {
  const blocks = textBlocks(client.fragment);
  const block = random.pick(blocks);
  const parent = block.parent as Y.XmlElement;
  const text = textOf(block);
  const roll = random.next();
  if (roll < 0.45) {
    text.insert(random.int(text.length + 1), `${label} `);
  } else if (roll < 0.6 && text.length > 0) {
    const at = random.int(text.length);
    text.delete(at, Math.min(1 + random.int(12), text.length - at));
  } else if (roll < 0.7 && text.length > 0) {
    const at = random.int(text.length);
    text.format(at, Math.min(1 + random.int(10), text.length - at), { strong: {} });
  } else if (roll < 0.85) {
    // The preámbulo holds only unnumbered paragraphs.
    const kind = parent.nodeName === 'preambulo' ? 'parrafo' : random.pick(['parrafo', 'numeral', 'fraccion', 'inciso'] as const);
    const index = parent.toArray().indexOf(block);
    parent.insert(index + 1, [newBlock(kind, `${label} nuevo`)]);
  } else {
    const index = parent.toArray().indexOf(block);
    parent.delete(index, 1);
  }
}

describe('randomised concurrent editing', () => {
  it(`converges for ${CLIENTS} clients making random edits with random disconnects`, async () => {
    const seed = testSeed();
    console.log(`random-convergence seed: ${seed} (replay with CARTA_TEST_SEED=${seed})`);
    const random = seededRandom(seed);
    for (let i = 0; i < CLIENTS; i++) clients.push(connectClient(server.wsBase, await server.token('member', `Miembro ${i}`)));
    await Promise.all(clients.map((c) => c.synced()));

    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, client] of clients.entries()) {
        if (random.chance(0.08)) {
          if (client.provider.shouldConnect) client.provider.disconnect();
          else client.provider.connect();
        }
        if (random.chance(0.7)) randomEdit(client, random, `c${i}r${round}`);
      }
      await sleep(random.int(15));
    }
    for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect();

    const room = await server.carta.registry.acquire('cdmx');
    const serverText = (): string => room!.fragment.toString();
    // Waiting compares state vectors (cheap) first: rendering 21 copies of the whole constitution
    // every poll would starve the in-process server on a busy machine. The text is compared once
    // the vectors agree.
    const sameVector = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);
    try {
      await waitFor(
        () => {
          const target = Y.encodeStateVector(room!.doc);
          return clients.every((c) => c.provider.synced && sameVector(Y.encodeStateVector(c.doc), target));
        },
        90_000,
        'convergence',
      );
      // A deletion does not move a state vector, so the last deletions may still be on their way.
      await waitFor(
        () => {
          const expected = serverText();
          return clients.every((c) => c.fragment.toString() === expected);
        },
        30_000,
        'the same text everywhere',
      );
    } catch (error) {
      const distinct = new Set(clients.map((c) => c.fragment.toString())).size;
      throw new Error(`seed ${seed}: ${(error as Error).message}; ${distinct} distinct client states; refusals: ${server.logs.filter((l) => l.includes('refused')).join(' | ')}`);
    }
    expect(clients.flatMap((c) => c.closeCodes.filter((code) => code >= 4000)), `seed ${seed}`).toEqual([]);
    const json = yXmlFragmentToProsemirrorJSON(room!.fragment);
    expect(() => legalSchema.nodeFromJSON(json).check(), `seed ${seed}`).not.toThrow();
  }, 120_000);
});
