/**
 * Versions, diffs and blame on the real constitution, through a real server and real clients. Three
 * members work between two versions — Ana inserts an article (renumbering the rest), Beto changes
 * words in article 13 and deletes an apartado, Carla moves an article — and the changelog lists
 * exactly those changes, each attributed to the member whose connection sent it, even though Beto's
 * client claims to be someone else in its presence.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type TestClient, waitFor } from '../support/collab-client.ts';
import { article, articles, newBlock, textOf } from '../support/legal-y-doc.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { newUid } from '../../shared/schema/uid.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

interface Stamp {
  userId: string;
  seq: number;
}
interface Diff {
  structure: Array<{ change: string; kind: string; uid: string; by: Stamp | null; before: { num: string } | null; after: { num: string } | null }>;
  renumbered: Array<{ uid: string; from: string; to: string }>;
  blocks: Array<{ change: string; uid: string; article: { uid: string } | null; place: Array<{ kind: string; num: string }>; tokens: Array<{ op: string; text: string; by?: Stamp | null }> }>;
  people: Record<string, string | null>;
}

const api = async <T,>(path: string, token: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return { status: response.status, body: (await response.json()) as T };
};

const lastSeq = (): Promise<number> => server.carta.store.lastSeq('cdmx');

/** Runs an edit and waits until the server has logged it. */
async function edit(client: TestClient, change: () => void): Promise<void> {
  const before = await lastSeq();
  client.doc.transact(change);
  await waitFor(async () => (await lastSeq()) > before, 10_000, `the edit to be logged (close codes: ${client.closeCodes.join(', ') || 'none'})`).catch((error: unknown) => {
    throw new Error(`${String(error)}; close codes ${client.closeCodes.join(', ') || 'none'}`);
  });
}

beforeAll(async () => {
  server = await startTestServer();
  for (const [key, name] of [['ana', 'Ana Inserta'], ['beto', 'Beto Corrige'], ['carla', 'Carla Mueve']] as const) {
    tokens[key] = await server.token('member', name);
    const me = await api<{ id: string }>('/api/me', tokens[key] as string);
    ids[key] = me.body.id;
  }
  tokens.citizen = await server.token('citizen', 'Lucía Lectora');
});

afterAll(async () => {
  await server.stop();
  server.cleanup();
});

describe('history of the constitution', () => {
  let v1 = 0;
  let newArticleUid = '';
  let article13Uid = '';
  let changedBlockUid = '';
  let movedUid = '';
  let apartadoUid = '';

  it('lets a member name a version, and refuses citizens', async () => {
    const named = await api<{ id: string; seq: number; name: string }>('/api/documents/cdmx/versions', tokens.ana as string, {
      method: 'POST',
      body: JSON.stringify({ name: 'Proyecto presentado a la Asamblea, 15 sep 2016', note: 'Primera lectura' }),
    });
    expect(named.status).toBe(201);
    expect(named.body.seq).toBe(await lastSeq());
    v1 = named.body.seq;
    const refused = await api<{ error: string }>('/api/documents/cdmx/versions', tokens.citizen as string, { method: 'POST', body: JSON.stringify({ name: 'x' }) });
    expect(refused).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await api('/api/documents/cdmx/versions', tokens.ana as string, { method: 'POST', body: JSON.stringify({ name: '' }) })).status).toBe(400);
    const timeline = await api<{ named: Array<{ name: string; seq: number; createdBy: string }> }>('/api/documents/cdmx/versions', tokens.citizen as string);
    expect(timeline.body.named).toEqual([expect.objectContaining({ name: 'Proyecto presentado a la Asamblea, 15 sep 2016', seq: v1, createdBy: ids.ana })]);
  });

  it('records three members’ edits and lists exactly them in the changelog, by the right people', async () => {
    const ana = connectClient(server.wsBase, tokens.ana as string);
    const beto = connectClient(server.wsBase, tokens.beto as string);
    const carla = connectClient(server.wsBase, tokens.carla as string);
    await Promise.all([ana.synced(), beto.synced(), carla.synced()]);
    // Beto's client lies about who it is; the server's stamps must win.
    beto.provider.awareness.setLocalStateField('user', { name: 'Ana Inserta', color: '#112233' });

    // Ana inserts a new article right after article 5: every later article is renumbered.
    newArticleUid = newUid();
    await edit(ana, () => {
      const fifth = article(ana.fragment, 5);
      const parent = fifth.parent as Y.XmlElement;
      const created = new Y.XmlElement('articulo');
      created.setAttribute('uid', newArticleUid);
      const heading = new Y.XmlElement('epigrafe');
      const headingText = new Y.XmlText();
      headingText.insert(0, 'Del derecho a la participación digital');
      heading.insert(0, [headingText]);
      created.insert(0, [heading, newBlock('parrafo', 'Toda persona tiene derecho a participar en línea.')]);
      parent.insert(parent.toArray().indexOf(fifth) + 1, [created]);
    });

    // Beto changes words in (what is now) article 14, the old article 13: replaces its first word.
    await waitFor(() => articles(beto.fragment).length === 72, 10_000, 'Beto to see the new article');
    const thirteen = article(beto.fragment, 14);
    article13Uid = String(thirteen.getAttribute('uid'));
    const bodyBlocks = (el: Y.XmlElement): Y.XmlElement[] =>
      el.toArray().flatMap((c) => (c instanceof Y.XmlElement ? (c.nodeName === 'apartado' ? bodyBlocks(c) : ['parrafo', 'numeral', 'fraccion', 'inciso'].includes(c.nodeName) ? [c] : []) : []));
    const block = bodyBlocks(thirteen)[0];
    if (!block) throw new Error('article 13 has no body block');
    changedBlockUid = String(block.getAttribute('uid'));
    const firstWord = textOf(block).toString().split(' ')[0] ?? '';
    await edit(beto, () => {
      textOf(block).delete(0, firstWord.length);
      textOf(block).insert(0, 'ENMENDADO');
    });

    // Beto deletes an apartado (the first one of the last article that has two or more).
    const withApartados = articles(beto.fragment).findLast((a) => a.toArray().filter((c) => c instanceof Y.XmlElement && c.nodeName === 'apartado').length >= 2);
    if (!withApartados) throw new Error('no article with apartados');
    const apartado = withApartados.toArray().find((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'apartado') as Y.XmlElement;
    apartadoUid = String(apartado.getAttribute('uid'));
    await edit(beto, () => withApartados.delete(withApartados.toArray().indexOf(apartado), 1));

    // Carla moves the first article of a chapter with three or more to the end of that chapter (a copy with the same uids, as the editor does).
    await waitFor(() => !articles(carla.fragment).some((a) => a.toArray().some((c) => c instanceof Y.XmlElement && c.getAttribute('uid') === apartadoUid)), 10_000, 'Carla to see the deletion');
    const chapter = articles(carla.fragment)
      .map((a) => a.parent as Y.XmlElement)
      .find((p) => p.nodeName === 'capitulo' && p.toArray().filter((c) => c instanceof Y.XmlElement && c.nodeName === 'articulo').length >= 3);
    if (!chapter) throw new Error('no chapter with three articles');
    const first = chapter.toArray().find((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'articulo') as Y.XmlElement;
    movedUid = String(first.getAttribute('uid'));
    await edit(carla, () => {
      const copy = first.clone();
      const at = chapter.toArray().indexOf(first);
      chapter.delete(at, 1);
      chapter.insert(chapter.length, [copy]);
    });
    for (const client of [ana, beto, carla]) client.destroy();

    const diff = await api<Diff>(`/api/documents/cdmx/diff?from=${v1}`, tokens.citizen as string);
    expect(diff.status).toBe(200);
    const { structure, blocks, renumbered, people } = diff.body;
    expect(structure.map((c) => [c.change, c.kind, c.uid, c.by?.userId])).toEqual(
      expect.arrayContaining([
        ['removed', 'apartado', apartadoUid, ids.beto],
        ['added', 'articulo', newArticleUid, ids.ana],
        ['moved', 'articulo', movedUid, ids.carla],
      ]),
    );
    expect(structure).toHaveLength(3);
    expect(people[ids.beto as string]).toBe('Beto Corrige');

    // Text: the new article's two blocks (Ana), the changed words (Beto), the apartado's blocks (Beto). Nothing for the moved article.
    const byChange = (change: string) => blocks.filter((b) => b.change === change);
    expect(byChange('added').every((b) => b.article?.uid === newArticleUid && b.tokens.every((t) => t.by?.userId === ids.ana))).toBe(true);
    expect(byChange('added')).toHaveLength(2);
    expect(byChange('changed').map((b) => b.uid)).toEqual([changedBlockUid]);
    const changed = byChange('changed')[0];
    expect(changed?.article?.uid).toBe(article13Uid);
    expect(changed?.tokens.filter((t) => t.op !== 'equal').map((t) => [t.op, t.text, t.by?.userId])).toEqual([
      ['delete', firstWord, ids.beto],
      ['insert', 'ENMENDADO', ids.beto],
    ]);
    expect(byChange('removed').length).toBeGreaterThan(0);
    expect(byChange('removed').every((b) => b.tokens.every((t) => t.op === 'delete' && t.by?.userId === ids.beto))).toBe(true);
    expect(blocks.filter((b) => b.article?.uid === movedUid)).toEqual([]);

    // Each block says where it stands by number (a removed one where it stood), and the list reads
    // as the text does: the new article (after article 5; Carla's move may number it 5 or 6), then
    // article 14, then the apartado removed further on.
    expect(changed?.place[0]).toEqual({ kind: 'articulo', num: '14' });
    const newNum = byChange('added')[0]?.place[0]?.num;
    expect(['5', '6']).toContain(newNum);
    expect(byChange('added').map((b) => b.place[0])).toEqual([{ kind: 'articulo', num: newNum }, { kind: 'articulo', num: newNum }]);
    expect(byChange('removed').every((b) => b.place[1]?.kind === 'apartado' && b.place[1].num === 'A')).toBe(true);
    expect(blocks.map((b) => b.change)).toEqual([...byChange('added'), ...byChange('changed'), ...byChange('removed')].map((b) => b.change));

    // Renumbering is listed apart: article 6 became 7, and so on to the end.
    expect(renumbered.some((r) => r.from === '6' && r.to === '7')).toBe(true);
    expect(renumbered.some((r) => r.uid === newArticleUid)).toBe(false);
  });

  it('reads an old version as it was, and blames each passage on the member who wrote it', async () => {
    const old = await api<{ seq: number; outline: Array<{ uid: string; kind: string }> }>(`/api/documents/cdmx/versions/${v1}`, tokens.citizen as string);
    expect(old.body.seq).toBe(v1);
    expect(old.body.outline.filter((e) => e.kind === 'articulo')).toHaveLength(71);
    expect(old.body.outline.some((e) => e.uid === newArticleUid)).toBe(false);

    const blame = await api<{ blocks: Array<{ uid: string; runs: Array<{ text: string; stamp: Stamp | null }> }>; people: Record<string, string> }>(
      `/api/documents/cdmx/articles/${article13Uid}/blame`,
      tokens.citizen as string,
    );
    const block = blame.body.blocks.find((b) => b.uid === changedBlockUid);
    const runs = block?.runs ?? [];
    expect(runs[0]).toMatchObject({ text: 'ENMENDADO', stamp: { userId: ids.beto } });
    // The rest of the paragraph came with the seeded constitution (the system's first update).
    expect(runs[1]?.stamp?.seq).toBe(1);
    expect(blame.body.people[ids.beto as string]).toBe('Beto Corrige');
    expect((await api(`/api/documents/cdmx/articles/no-such-article/blame`, tokens.citizen as string)).status).toBe(404);
    expect((await api(`/api/documents/cdmx/diff?from=abc`, tokens.citizen as string)).status).toBe(400);
  });
  it('restores an old article as a new change by the restorer, leaving history intact', async () => {
    const before = await lastSeq();
    const refused = await api<{ error: string }>('/api/documents/cdmx/restore', tokens.citizen as string, { method: 'POST', body: JSON.stringify({ seq: v1, articleUid: article13Uid }) });
    expect(refused).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const restored = await api<{ seq: number }>('/api/documents/cdmx/restore', tokens.carla as string, { method: 'POST', body: JSON.stringify({ seq: v1, articleUid: article13Uid }) });
    expect(restored.status).toBe(201);
    expect(restored.body.seq).toBe(before + 1);

    // The text is back: the diff from the version to now no longer shows Beto's change…
    const now = await api<Diff>(`/api/documents/cdmx/diff?from=${v1}`, tokens.citizen as string);
    expect(now.body.blocks.some((b) => b.article?.uid === article13Uid)).toBe(false);
    // …while the history up to the restore still does, and the restore is Carla's own change.
    const then = await api<Diff>(`/api/documents/cdmx/diff?from=${v1}&to=${before}`, tokens.citizen as string);
    expect(then.body.blocks.some((b) => b.uid === changedBlockUid)).toBe(true);
    const restore = await api<Diff>(`/api/documents/cdmx/diff?from=${before}&to=${restored.body.seq}`, tokens.citizen as string);
    const tokensOf13 = restore.body.blocks.filter((b) => b.uid === changedBlockUid).flatMap((b) => b.tokens.filter((t) => t.op !== 'equal'));
    expect(tokensOf13.length).toBeGreaterThan(0);
    expect(tokensOf13.every((t) => t.by?.userId === ids.carla)).toBe(true);
    const audit = await server.carta.store.listAudit(0, 100_000);
    expect(audit.filter((e) => e.action === 'version.restore')).toEqual([expect.objectContaining({ actorId: ids.carla, subject: 'cdmx' })]);
    expect((await api('/api/documents/cdmx/restore', tokens.carla as string, { method: 'POST', body: JSON.stringify({ seq: v1, articleUid: 'noSuchArticle1' }) })).status).toBe(404);
    expect((await api('/api/documents/cdmx/restore', tokens.carla as string, { method: 'POST', body: JSON.stringify({ seq: 'x' }) })).status).toBe(400);
  });
  it('lists the changes that touched an article, with who and when', async () => {
    const answer = await api<{ changes: Array<{ userId: string; inserted: number; deleted: number }>; people: Record<string, string> }>(
      `/api/documents/cdmx/articles/${article13Uid}/history`,
      tokens.citizen as string,
    );
    expect(answer.status).toBe(200);
    const who = answer.body.changes.map((c) => answer.body.people[c.userId]);
    // The seeded text first, then Beto's words, then Carla's restore (which edits the article in place).
    expect(who.at(-1)).toBe('Carla Mueve');
    expect(who).toContain('Beto Corrige');
    expect(answer.body.changes.find((c) => c.userId === ids.carla)?.inserted).toBeGreaterThan(0);
    // A move re-creates the article, so its list starts again with the mover.
    const other = await api<{ changes: Array<{ userId: string }> }>(`/api/documents/cdmx/articles/${movedUid}/history`, tokens.citizen as string);
    expect(other.body.changes.map((c) => c.userId)).toContain(ids.carla);
    expect((await api(`/api/documents/cdmx/articles/noSuchArticle1/history`, tokens.citizen as string)).status).toBe(404);
  });
});
