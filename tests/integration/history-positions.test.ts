/**
 * Log positions are taken exactly as written, and version names and notes are text. A position is a
 * plain decimal whole number from 1 (no exponent, hexadecimal, spaces, signs or leading zeros,
 * which Number() would all have accepted) else 400 `bad-query`; one past the end of the log is 404
 * `unknown-seq` on every history route, never quietly clamped; a diff runs from the older position
 * to the newer and refuses the reverse. A version's name must show something and be one line, and
 * neither name nor note may hold control characters (a note may have line breaks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { article, textOf, textBlocks } from '../support/legal-y-doc.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let member = '';
let citizen = '';
let articleUid = '';
let last = 0;

const api = async <T,>(path: string, token: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return { status: response.status, body: (await response.json()) as T };
};
const nameVersion = (body: unknown): Promise<{ status: number; body: { error?: string; message?: string; name?: string; note?: string } }> =>
  api('/api/documents/cdmx/versions', member, { method: 'POST', body: JSON.stringify(body) });

beforeAll(async () => {
  server = await startTestServer();
  member = await server.token('member', 'Marta Miembro');
  citizen = await server.token('citizen', 'Lucía Lectora');
  // A second log position, so that there is a diff to ask for.
  const client = connectClient(server.wsBase, member);
  await client.synced();
  articleUid = String(article(client.fragment, 1).getAttribute('uid'));
  const block = textBlocks(client.fragment)[0];
  if (!block) throw new Error('no text block');
  client.doc.transact(() => textOf(block).insert(0, 'Nuevo. '));
  await waitFor(async () => (await server.carta.store.lastSeq('cdmx')) === 2, 10_000, 'the edit to be logged');
  client.destroy();
  last = await server.carta.store.lastSeq('cdmx');
});

afterAll(async () => {
  await server.stop();
  server.cleanup();
});

/** Every route that takes a position, with the position written as `p`. */
const routes = (p: string): string[] => [
  `/api/documents/cdmx/versions/${p}`,
  `/api/documents/cdmx/diff?from=${p}`,
  `/api/documents/cdmx/diff?from=1&to=${p}`,
  `/api/documents/cdmx/articles/${articleUid}/blame?at=${p}`,
  `/api/documents/cdmx/articles/${articleUid}/history?at=${p}`,
];

describe('log positions', () => {
  it('refuses every way of writing a position that is not plain decimal digits', async () => {
    for (const written of ['1e0', '1e2', '0x1', '0x10', '%20%201', '1%20', '%2B1', '-1', '1.0', '01', '00001', '0', 'uno', '9007199254740993', '1&from=2']) {
      for (const path of routes(written)) {
        const answer = await api<{ error: string }>(path, citizen);
        expect([path, answer.status, answer.body.error]).toEqual([path, 400, 'bad-query']);
      }
    }
    for (const query of ['diff?from=', 'diff?from=1&to=', 'diff', `articles/${articleUid}/blame?at=`]) {
      expect((await api<{ error: string }>(`/api/documents/cdmx/${query}`, citizen)).body.error).toBe('bad-query');
    }
  });

  it('refuses a position past the end of the log with unknown-seq, on every route', async () => {
    for (const path of routes(String(last + 1)).concat(routes('99999'))) {
      const answer = await api<{ error: string; message: string }>(path, citizen);
      expect([path, answer.status, answer.body.error]).toEqual([path, 404, 'unknown-seq']);
      expect(answer.body.message).toContain(String(last));
    }
  });

  it('answers about exactly the positions asked for', async () => {
    const version = await api<{ seq: number }>('/api/documents/cdmx/versions/1', citizen);
    expect(version).toMatchObject({ status: 200, body: { seq: 1 } });
    const diff = await api<{ from: { seq: number }; to: { seq: number }; blocks: unknown[] }>(`/api/documents/cdmx/diff?from=1&to=${last}`, citizen);
    expect(diff.status).toBe(200);
    expect([diff.body.from.seq, diff.body.to.seq]).toEqual([1, last]);
    expect(diff.body.blocks).toHaveLength(1);
    const same = await api<{ from: { seq: number }; to: { seq: number }; blocks: unknown[] }>(`/api/documents/cdmx/diff?from=${last}&to=${last}`, citizen);
    expect(same).toMatchObject({ status: 200, body: { from: { seq: last }, to: { seq: last }, blocks: [] } });
  });

  it('refuses a diff asked backwards instead of swapping it', async () => {
    const backwards = await api<{ error: string; message: string }>(`/api/documents/cdmx/diff?from=${last}&to=1`, citizen);
    expect(backwards).toMatchObject({ status: 400, body: { error: 'bad-query' } });
    expect(backwards.body.message).toContain('after');
  });
});

describe('version names and notes', () => {
  it('refuses a name with nothing visible in it', async () => {
    for (const name of ['', '   ', '\t\n', '\u3000', '\u200B\u200B', ' \uFEFF ']) {
      const answer = await nameVersion({ name });
      expect([JSON.stringify(name), answer.status, answer.body.error]).toEqual([JSON.stringify(name), 400, 'invalid-body']);
      expect(answer.body.message).toMatch(/^name: /);
    }
  });

  it('refuses control characters in a name (line breaks included) and in a note (line breaks allowed there)', async () => {
    for (const name of ['Versión\u0000', 'Primera\nlectura', 'Tab\tname', 'Del\u007F', 'C1\u0085', 'Línea\u2028otra']) {
      const answer = await nameVersion({ name });
      expect([JSON.stringify(name), answer.status, answer.body.error]).toEqual([JSON.stringify(name), 400, 'invalid-body']);
      expect(answer.body.message).toMatch(/^name: .*control characters/);
    }
    for (const note of ['Nota\u0000', 'Bell\u0007', 'Esc\u001B[31m']) {
      const answer = await nameVersion({ name: 'Primera lectura', note });
      expect([JSON.stringify(note), answer.status, answer.body.error]).toEqual([JSON.stringify(note), 400, 'invalid-body']);
      expect(answer.body.message).toMatch(/^note: /);
    }
    const lone = await nameVersion({ name: 'Mitad \uD800' });
    expect(lone).toMatchObject({ status: 400, body: { error: 'invalid-body' } });
    expect((await nameVersion({ name: 'x'.repeat(201) })).status).toBe(400);
    expect((await server.carta.store.listVersions('cdmx')).length).toBe(0);
  });

  it('keeps a good name trimmed, and a note with its line breaks', async () => {
    const answer = await nameVersion({ name: '  Proyecto presentado a la Asamblea 🏛️  ', note: 'Primera lectura.\nSegunda línea.\r\n\tCon sangría.' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ name: 'Proyecto presentado a la Asamblea 🏛️', note: 'Primera lectura.\nSegunda línea.\r\n\tCon sangría.' });
  });
});
