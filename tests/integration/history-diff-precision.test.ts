/**
 * The attributed comparison marks only what changed, on the real constitution. Typing one letter
 * inside a word is one insertion of that letter by the member who typed it — not the word removed
 * and re-added by "someone before the log" — and changing a letter inside "futuras." leaves the
 * rest of the word and its full stop unmarked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type TestClient, waitFor } from '../support/collab-client.ts';
import { textBlocks, textOf } from '../support/legal-y-doc.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let client: TestClient;
let ana = '';
let anaId = '';
let citizen = '';

interface Token {
  op: 'equal' | 'insert' | 'delete';
  text: string;
  by?: { userId: string; seq: number } | null;
}
interface Diff {
  structure: unknown[];
  blocks: Array<{ change: string; uid: string; tokens: Token[] }>;
}

const api = async <T,>(path: string, token: string): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as T };
};
const lastSeq = (): Promise<number> => server.carta.store.lastSeq('cdmx');

async function edit(change: () => void): Promise<void> {
  const before = await lastSeq();
  client.doc.transact(change);
  await waitFor(async () => (await lastSeq()) > before, 10_000, 'the edit to be logged');
}

const marked = (tokens: Token[]): Array<[string, string, string | null]> => tokens.filter((t) => t.op !== 'equal').map((t) => [t.op, t.text, t.by?.userId ?? null]);

beforeAll(async () => {
  server = await startTestServer();
  ana = await server.token('member', 'Ana Teclea');
  anaId = (await api<{ id: string }>('/api/me', ana)).body.id;
  citizen = await server.token('citizen', 'Lucía Lectora');
  client = connectClient(server.wsBase, ana);
  await client.synced();
});

afterAll(async () => {
  client.destroy();
  await server.stop();
  server.cleanup();
});

describe('the attributed comparison', () => {
  it('shows a letter typed inside a word as that one insertion, by the person who typed it, and nothing else', async () => {
    const block = textBlocks(client.fragment).find((b) => textOf(b).toString().startsWith('Toda persona, grupo o comunidad podrá denunciar'));
    if (!block) throw new Error('no such paragraph');
    const before = await lastSeq();
    const old = textOf(block).toString();
    await edit(() => textOf(block).insert(4, 's'));

    const diff = (await api<Diff>(`/api/documents/cdmx/diff?from=${before}`, citizen)).body;
    expect(diff.structure).toEqual([]);
    expect(diff.blocks.map((b) => [b.change, b.uid])).toEqual([['changed', block.getAttribute('uid')]]);
    const tokens = diff.blocks[0]?.tokens ?? [];
    expect(marked(tokens)).toEqual([['insert', 's', anaId]]);
    expect(tokens.filter((t) => t.op !== 'insert').map((t) => t.text).join('')).toBe(old);
    expect(tokens.filter((t) => t.op !== 'delete').map((t) => t.text).join('')).toBe(textOf(block).toString());
  });

  it('leaves the untouched rest of a changed word, and its full stop, unmarked', async () => {
    const block = textBlocks(client.fragment).find((b) => textOf(b).toString().endsWith('generaciones presentes y futuras.'));
    if (!block) throw new Error('no paragraph ends with "futuras."');
    const before = await lastSeq();
    const at = textOf(block).toString().lastIndexOf('futuras.') + 'futur'.length;
    await edit(() => {
      textOf(block).delete(at, 1);
      textOf(block).insert(at, 'o');
    });

    const diff = (await api<Diff>(`/api/documents/cdmx/diff?from=${before}`, citizen)).body;
    const tokens = diff.blocks.find((b) => b.uid === block.getAttribute('uid'))?.tokens ?? [];
    expect(marked(tokens)).toEqual([
      ['delete', 'a', anaId],
      ['insert', 'o', anaId],
    ]);
    expect(tokens.at(-1)).toEqual({ op: 'equal', text: 's.' });
  });

  it('over several updates, marks only the letters that changed, with the rest of every paragraph equal', async () => {
    const both = await api<Diff>(`/api/documents/cdmx/diff?from=1`, citizen);
    expect(both.status).toBe(200);
    const all = both.body.blocks.flatMap((b) => marked(b.tokens));
    expect(all).toEqual([
      ['insert', 's', anaId],
      ['delete', 'a', anaId],
      ['insert', 'o', anaId],
    ]);
  });
});
