/**
 * Restore on the real constitution changes only what differs. Ana, Beto and Carla are members: Ana
 * types inside a word, a version is named, Beto changes words, removes an apartado and adds a
 * paragraph, and Carla restores the version. Afterwards the text is the version's again, but
 * everything that was already as it was keeps its author (Ana's letter is still Ana's, the seeded
 * text is still the seed's), and Carla's update holds only the differences. Restoring a version
 * whose text is the current one is refused (409 nothing-to-restore) and logs nothing; positions past
 * the log and articles that are not there are refused with their own ids.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type TestClient, waitFor } from '../support/collab-client.ts';
import { articles, newBlock, textBlocks, textOf } from '../support/legal-y-doc.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const clients: TestClient[] = [];

interface Stamp {
  userId: string;
  seq: number;
}
interface Blame {
  blocks: Array<{ uid: string; runs: Array<{ text: string; stamp: Stamp | null }> }>;
}
interface Diff {
  structure: Array<{ change: string; kind: string; uid: string; by: Stamp | null }>;
  blocks: Array<{ change: string; uid: string; tokens: Array<{ op: string; text: string; by?: Stamp | null }> }>;
}

const api = async <T,>(path: string, token: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return { status: response.status, body: (await response.json()) as T };
};
const restore = <T,>(token: string, body: unknown): Promise<{ status: number; body: T }> => api<T>('/api/documents/cdmx/restore', token, { method: 'POST', body: JSON.stringify(body) });
const lastSeq = (): Promise<number> => server.carta.store.lastSeq('cdmx');
const restoreEvents = async (): Promise<Array<{ actorId: string; detail?: unknown }>> => (await server.carta.store.listAudit(0, 100_000)).filter((e) => e.action === 'version.restore');

/** Runs an edit and waits until the server has logged it. */
async function edit(client: TestClient, change: () => void): Promise<void> {
  const before = await lastSeq();
  client.doc.transact(change);
  await waitFor(async () => (await lastSeq()) > before, 10_000, `the edit to be logged (close codes: ${client.closeCodes.join(', ') || 'none'})`);
}

/** The text block whose text starts with `start`, and the uid of the article it is in. */
function blockStarting(fragment: Y.XmlFragment, start: string, skip = 0): { block: Y.XmlElement; articleUid: string } {
  const block = textBlocks(fragment).filter((b) => textOf(b).toString().startsWith(start))[skip];
  if (!block) throw new Error(`no block starts with "${start}"`);
  let parent: Y.XmlElement | Y.XmlFragment | null = block.parent as Y.XmlElement;
  while (parent instanceof Y.XmlElement && parent.nodeName !== 'articulo') parent = parent.parent as Y.XmlElement | Y.XmlFragment;
  if (!(parent instanceof Y.XmlElement)) throw new Error('block outside an article');
  return { block, articleUid: String(parent.getAttribute('uid')) };
}

const blameOf = async (articleUid: string): Promise<Blame> => (await api<Blame>(`/api/documents/cdmx/articles/${articleUid}/blame`, tokens.citizen as string)).body;
const authorsIn = (blame: Blame): Set<string | null> => new Set(blame.blocks.flatMap((b) => b.runs.map((r) => r.stamp?.userId ?? null)));

beforeAll(async () => {
  server = await startTestServer();
  for (const [key, name] of [['ana', 'Ana Teclea'], ['beto', 'Beto Cambia'], ['carla', 'Carla Restaura']] as const) {
    tokens[key] = await server.token('member', name);
    ids[key] = (await api<{ id: string }>('/api/me', tokens[key] as string)).body.id;
  }
  tokens.citizen = await server.token('citizen', 'Lucía Lectora');
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
  server.cleanup();
});

describe('restoring a version', () => {
  let ana: TestClient;
  let beto: TestClient;
  let version = 0;
  let anaArticle = '';
  let betoArticle = '';
  let betoBlockUid = '';
  let apartadoUid = '';
  let apartadoArticle = '';
  let addedUid = '';

  it('refuses to restore a version whose text is the current one, and logs nothing', async () => {
    ana = connectClient(server.wsBase, tokens.ana as string);
    beto = connectClient(server.wsBase, tokens.beto as string);
    clients.push(ana, beto);
    await Promise.all([ana.synced(), beto.synced()]);
    // Ana types one letter inside a word: "Toda persona, grupo…" becomes "Todas persona, grupo…".
    const found = blockStarting(ana.fragment, 'Toda persona, grupo o comunidad podrá denunciar');
    anaArticle = found.articleUid;
    await edit(ana, () => textOf(found.block).insert(4, 's'));
    version = await lastSeq();

    const whole = await restore<{ error: string; message: string }>(tokens.carla as string, { seq: version });
    expect(whole.status).toBe(409);
    expect(whole.body.error).toBe('nothing-to-restore');
    const one = await restore<{ error: string }>(tokens.carla as string, { seq: version, articleUid: anaArticle });
    expect(one).toMatchObject({ status: 409, body: { error: 'nothing-to-restore' } });
    expect(await lastSeq()).toBe(version);
    expect(await restoreEvents()).toEqual([]);
    // Blame still knows who wrote what: the seeded text, and Ana's letter.
    const blame = await blameOf(anaArticle);
    expect(authorsIn(blame)).toEqual(new Set([expect.any(String), ids.ana]));
    expect(blame.blocks.flatMap((b) => b.runs).find((r) => r.stamp?.userId === ids.ana)?.text).toBe('s');
  });

  it('brings the whole text back changing only what differs, so everyone keeps their authorship', async () => {
    // Beto changes a word inside another paragraph ("Toda" → "Todo"), removes an apartado and adds a paragraph.
    const changed = blockStarting(beto.fragment, 'Toda persona tiene derecho a un medio ambiente sano');
    betoArticle = changed.articleUid;
    betoBlockUid = String(changed.block.getAttribute('uid'));
    await edit(beto, () => {
      textOf(changed.block).delete(3, 1);
      textOf(changed.block).insert(3, 'o');
    });
    const withApartados = articles(beto.fragment).findLast((a) => a.toArray().filter((c) => c instanceof Y.XmlElement && c.nodeName === 'apartado').length >= 2);
    if (!withApartados) throw new Error('no article with apartados');
    const apartado = withApartados.toArray().find((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'apartado') as Y.XmlElement;
    apartadoUid = String(apartado.getAttribute('uid'));
    apartadoArticle = String(withApartados.getAttribute('uid'));
    await edit(beto, () => withApartados.delete(withApartados.toArray().indexOf(apartado), 1));
    const first = articles(beto.fragment)[0] as Y.XmlElement;
    const added = newBlock('parrafo', 'Un párrafo que la versión no tenía.');
    await edit(beto, () => first.insert(first.length, [added]));
    addedUid = String(added.getAttribute('uid'));

    const before = await lastSeq();
    const done = await restore<{ restored: { seq: number; articleUid: string | null }; seq: number }>(tokens.carla as string, { seq: version });
    expect(done.status).toBe(201);
    expect(done.body).toEqual({ restored: { seq: version, articleUid: null }, seq: before + 1 });
    expect(await restoreEvents()).toEqual([expect.objectContaining({ actorId: ids.carla, detail: { fromSeq: version, articleUid: null, restoredAt: before + 1 } })]);

    // The text, uids included, is the version's again.
    const then = await api<{ doc: unknown }>(`/api/documents/cdmx/versions/${version}`, tokens.citizen as string);
    const now = await api<{ doc: unknown }>(`/api/documents/cdmx/versions/${before + 1}`, tokens.citizen as string);
    expect(now.body.doc).toEqual(then.body.doc);

    // Untouched articles keep their authors: Ana's letter is still hers, nothing there is Carla's.
    const anas = await blameOf(anaArticle);
    expect(anas.blocks.flatMap((b) => b.runs).find((r) => r.stamp?.userId === ids.ana)?.text).toBe('s');
    expect(authorsIn(anas).has(ids.carla as string)).toBe(false);
    // Beto's word is back character by character: Carla typed only the "a" she put back.
    const betos = await blameOf(betoArticle);
    const block = betos.blocks.find((b) => b.uid === betoBlockUid);
    expect(block?.runs.filter((r) => r.stamp?.userId === ids.carla).map((r) => r.text)).toEqual(['a']);
    expect(authorsIn(betos).has(ids.beto as string)).toBe(false);

    // What Carla's update did, and nothing more.
    const diff = (await api<Diff>(`/api/documents/cdmx/diff?from=${before}&to=${before + 1}`, tokens.citizen as string)).body;
    expect(diff.structure.map((c) => [c.change, c.kind, c.uid, c.by?.userId])).toEqual([['added', 'apartado', apartadoUid, ids.carla]]);
    const changedBlocks = diff.blocks.filter((b) => b.change === 'changed');
    expect(changedBlocks.map((b) => [b.uid, b.tokens.filter((t) => t.op !== 'equal').map((t) => [t.op, t.text, t.by?.userId])])).toEqual([
      [
        betoBlockUid,
        [
          ['delete', 'o', ids.carla],
          ['insert', 'a', ids.carla],
        ],
      ],
    ]);
    expect(diff.blocks.filter((b) => b.change === 'removed').map((b) => b.uid)).toEqual([addedUid]);
    expect(diff.blocks.filter((b) => b.change === 'added').length).toBeGreaterThan(0);
    // The apartado came back as a copy of the old one, with its uid, in its article.
    const apartadoBlame = await blameOf(apartadoArticle);
    expect(authorsIn(apartadoBlame).has(ids.carla as string)).toBe(true);
  });

  it('restores one article in place, leaving the rest of the text and its authors alone', async () => {
    const v = await lastSeq();
    const one = blockStarting(beto.fragment, 'Toda persona tiene derecho a un medio ambiente sano');
    const carlasBefore = (await blameOf(one.articleUid)).blocks.flatMap((b) => b.runs.filter((r) => r.stamp?.userId === ids.carla));
    const other = blockStarting(ana.fragment, 'Todas persona, grupo o comunidad');
    await edit(beto, () => textOf(one.block).insert(textOf(one.block).length, ' Texto de Beto.'));
    await waitFor(() => textOf(other.block).toString().startsWith('Todas'), 10_000, 'Ana to be in step');
    await edit(ana, () => textOf(other.block).insert(0, 'ANA '));
    const done = await restore<{ restored: { seq: number; articleUid: string } }>(tokens.carla as string, { seq: v, articleUid: one.articleUid });
    expect(done).toMatchObject({ status: 201, body: { restored: { seq: v, articleUid: one.articleUid } } });
    await waitFor(() => !textOf(one.block).toString().includes('Texto de Beto'), 10_000, 'the restore to reach Beto');
    // Ana's article still has her new words; in Beto's, the restore only deleted (Carla wrote nothing new there).
    expect(textOf(other.block).toString().startsWith('ANA Todas')).toBe(true);
    const after = await blameOf(one.articleUid);
    expect(after.blocks.flatMap((b) => b.runs.filter((r) => r.stamp?.userId === ids.carla))).toEqual(carlasBefore);
    expect(authorsIn(after).has(ids.beto as string)).toBe(false);
  });

  it('refuses a position past the log, an article not in that version and one no longer in the text, each with its id', async () => {
    const last = await lastSeq();
    const future = await restore<{ error: string; message: string }>(tokens.carla as string, { seq: 99_999 });
    expect(future.status).toBe(422);
    expect(future.body.error).toBe('unknown-seq');
    expect(future.body.message).toContain(String(last));
    for (const seq of ['5', 0, -1, 1.5, null]) expect((await restore<{ error: string }>(tokens.carla as string, { seq })).body.error).toBe('invalid-body');
    expect(await lastSeq()).toBe(last);

    // An article created after the version is not in it.
    const created = newBlock('parrafo', 'x');
    const article = new Y.XmlElement('articulo');
    article.setAttribute('uid', 'art-nueva-0001');
    const heading = new Y.XmlElement('epigrafe');
    heading.insert(0, [new Y.XmlText('Nuevo')]);
    article.insert(0, [heading, created]);
    const chapterOrTitle = (articles(beto.fragment)[0] as Y.XmlElement).parent as Y.XmlElement;
    await edit(beto, () => chapterOrTitle.insert(chapterOrTitle.length, [article]));
    const notThen = await restore<{ error: string }>(tokens.carla as string, { seq: last, articleUid: 'art-nueva-0001' });
    expect(notThen).toMatchObject({ status: 404, body: { error: 'not-in-version' } });
    // An article deleted since is not in the current text: only restoring the whole document brings it back.
    await edit(beto, () => chapterOrTitle.delete(chapterOrTitle.toArray().indexOf(article), 1));
    const notNow = await restore<{ error: string }>(tokens.carla as string, { seq: last + 1, articleUid: 'art-nueva-0001' });
    expect(notNow).toMatchObject({ status: 404, body: { error: 'not-in-current-text' } });
  });
});
