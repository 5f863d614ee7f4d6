/**
 * Passages whose characters were re-created stay live when their quote stands again where they
 * stood: an article moved (a delete plus a re-insert in Yjs, as the editor's Alt+Shift+↑/↓ does), or
 * a deletion undone (Yjs undo brings the text back as new characters). They are `relocated`, count in
 * the reports, and the editor's marks place them where they stand now, with an ETag that follows.
 * A quote that occurs elsewhere in the article without its context is not the passage: it stays
 * orphaned (a member may still re-anchor it). Real server, real y-websocket clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_REANCHOR_REASON, type LinkMarks, type ResolvedLink } from '../../shared/provenance/link-types.ts';
import { resolvePassage } from '../../shared/provenance/passage-resolution.ts';
import { connectClient, type TestClient, waitFor } from '../support/collab-client.ts';
import { article, articles, insertNumeral, textOf } from '../support/legal-y-doc.ts';
import { type Api, api, createLink, importFixtureSources, passageOf, petition } from '../support/provenance-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let http: Api;
let member: string;
let ana: TestClient;
let beto: TestClient;
let sources: Map<string, string>;

const uidOf = (el: Y.XmlElement): string => String(el.getAttribute('uid'));
const source = (ref: string): string => sources.get(ref) as string;

beforeAll(async () => {
  server = await startTestServer();
  http = api(server);
  member = await server.token('member', 'Ana Pérez');
  sources = await importFixtureSources(server, [
    petition('moved', 'Agua para todas', 60_000),
    petition('undone', 'Movilidad segura', 20_000),
    petition('elsewhere', 'Parques vecinales', 7_000),
  ]);
  ana = connectClient(server.wsBase, member);
  beto = connectClient(server.wsBase, await server.token('member', 'Beto Ruiz'));
  await Promise.all([ana.synced(), beto.synced()]);
});

afterAll(async () => {
  ana.destroy();
  beto.destroy();
  await server.stop();
  server.cleanup();
});

async function linkNow(id: string): Promise<ResolvedLink> {
  const links = (await (await http.get('/api/documents/cdmx/links?includeRetired=true')).json()) as ResolvedLink[];
  const link = links.find((l) => l.id === id);
  if (!link) throw new Error(`link ${id} is not listed`);
  return link;
}

async function untilLink(id: string, what: string, test: (link: ResolvedLink) => boolean): Promise<ResolvedLink> {
  let last: ResolvedLink | null = null;
  await waitFor(async () => test((last = await linkNow(id))), 10_000, what);
  return last as unknown as ResolvedLink;
}

type Petitions = Array<{ id: string }> | { petitions: Array<{ id: string }> };

/** Whether the commitments report counts the petition as answered by the text (each list is a page of petitions, or the petitions). */
/**
 * Whether the commitments report lists the petition as honoured. The public report may answer from
 * a copy made for a slightly older text (it throttles recomputing while the text changes), so the
 * tests poll it.
 */
async function honoured(sourceId: string): Promise<boolean> {
  const res = await http.get('/api/reports/commitments?docId=cdmx');
  expect(res.status).toBe(200);
  const report = (await res.json()) as { thresholds: Array<{ honoured: Petitions }> };
  const petitions = (list: Petitions): Array<{ id: string }> => (Array.isArray(list) ? list : list.petitions);
  return report.thresholds.some((t) => petitions(t.honoured).some((p) => p.id === sourceId));
}

async function marks(etag?: string): Promise<{ status: number; etag: string; body: LinkMarks | null }> {
  const res = await fetch(`${server.url}/api/documents/cdmx/link-marks`, { headers: etag ? { 'if-none-match': etag } : {} });
  return { status: res.status, etag: res.headers.get('etag') ?? '', body: res.status === 200 ? ((await res.json()) as LinkMarks) : null };
}

/** Waits until the server's document is the client's (the REST checks read the server's). */
async function serverHasIt(client: TestClient): Promise<void> {
  const room = await server.carta.registry.acquire('cdmx');
  try {
    await waitFor(() => room!.fragment.toString() === client.fragment.toString(), 10_000, 'the server to have the change');
  } finally {
    server.carta.registry.releaseIfIdle(room!);
  }
}

/** The number of the first article from `from` on whose first body block is a text block (not an apartado) longer than 40. */
function plainArticle(client: TestClient, from: number): number {
  const all = articles(client.fragment);
  for (let n = from; n <= all.length; n++) {
    const first = all[n - 1]?.get(1);
    if (first instanceof Y.XmlElement && first.nodeName !== 'apartado' && textOf(first).length > 40) return n;
  }
  throw new Error('no plain article');
}

/** Moves article n one place down as the editor does: a delete plus the insert of a copy (same uids, new characters). */
function moveDown(client: TestClient, n: number): void {
  const art = article(client.fragment, n);
  const parent = art.parent as Y.XmlElement;
  const index = parent.toArray().indexOf(art);
  if (index + 1 >= parent.length) throw new Error('the article is the last of its parent');
  client.doc.transact(() => {
    const copy = art.clone();
    parent.delete(index, 1);
    parent.insert(index + 1, [copy]);
  });
}

describe('a passage whose text was re-created where it stood', () => {
  it('stays live after its article moves, counts in the reports, and is marked where it stands now', async () => {
    // An article with a sibling after it in the same título or capítulo, so it can move down there.
    const n = articles(ana.fragment).findIndex((art, i, all) => {
      const first = art.get(1);
      return all[i + 1]?.parent === art.parent && first instanceof Y.XmlElement && first.nodeName !== 'apartado' && textOf(first).length > 40;
    }) + 1;
    const art = article(ana.fragment, n);
    const text = textOf(art.get(1) as Y.XmlElement);
    const passage = passageOf(text, text.toString().slice(3, 33));
    const link = await createLink(http, member, { articleUid: uidOf(art), sourceId: source('moved'), relation: 'incorporates', rationale: 'Recoge la petición.', passage });
    const whole = await createLink(http, member, { articleUid: uidOf(art), sourceId: source('moved'), relation: 'adapts', rationale: 'Todo el artículo.' });
    await expect.poll(() => honoured(source('moved')), { timeout: 5_000 }).toBe(true);
    const before = await marks();

    moveDown(ana, n);
    const moved = await untilLink(link.id, 'the moved article to be read', (l) => l.article?.num === String(n + 1));
    expect(moved).toMatchObject({ status: 'live', relocated: true, text: passage.quote, reanchorable: false });
    expect(await linkNow(whole.id)).toMatchObject({ status: 'live', relocated: false });
    await expect.poll(() => honoured(source('moved')), { timeout: 5_000 }).toBe(true);

    // The editor's marks: the relocated passage with ends that the editors' own documents resolve
    // to the quote (the mover's, and someone else's once the move reached them), and a new ETag.
    const after = await marks(before.etag);
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(before.etag);
    expect(after.etag).toBe(`"marks-${after.body?.version}"`);
    const mark = after.body?.marks.find(([id]) => id === link.id);
    expect(mark?.[5]).toBe('incorporates');
    expect(mark?.[6]).toBe(true);
    await waitFor(() => beto.fragment.toString() === ana.fragment.toString(), 10_000, 'Beto to receive the move');
    for (const client of [ana, beto]) {
      const resolved = resolvePassage(client.doc, { start: mark?.[3] ?? '', end: mark?.[4] ?? '' });
      expect(resolved.state === 'live' && resolved.text).toBe(passage.quote);
    }
    expect((await marks(after.etag)).status).toBe(304);

    // Re-anchoring makes it an ordinary passage again, where it is shown; the fixed reason is stored.
    const res = await http.post(`/api/links/${link.id}/reanchor`, {}, member);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'live', relocated: false, text: passage.quote, replaces: link.id });
    expect((await linkNow(link.id)).retired?.reason).toBe(DEFAULT_REANCHOR_REASON);
  });

  it('is live again when a deletion of its text is undone', async () => {
    const art = article(ana.fragment, plainArticle(ana, 20));
    const text = textOf(art.get(1) as Y.XmlElement);
    const passage = passageOf(text, text.toString().slice(10, 40));
    const link = await createLink(http, member, { articleUid: uidOf(art), sourceId: source('undone'), relation: 'responds_to', rationale: 'Responde.', passage });
    const undo = new Y.UndoManager(ana.fragment);

    text.delete(10, 30);
    expect(await untilLink(link.id, 'the deletion to orphan the passage', (l) => l.status === 'orphaned')).toMatchObject({ reanchorable: false, relocated: false });
    await expect.poll(() => honoured(source('undone')), { timeout: 5_000 }).toBe(false);

    undo.undo();
    expect(text.toString().slice(10, 40)).toBe(passage.quote);
    expect(await untilLink(link.id, 'the undo to bring the passage back', (l) => l.status === 'live')).toMatchObject({ relocated: true, text: passage.quote });
    await expect.poll(() => honoured(source('undone')), { timeout: 5_000 }).toBe(true);
    undo.destroy();
  });

  it('stays orphaned when its quote occurs elsewhere in the article without its context', async () => {
    const art = article(ana.fragment, plainArticle(ana, 30));
    const quote = 'el derecho a la sombra de los árboles';
    const block = insertNumeral(art, `Primera mención: ${quote} en cada calle. Segunda mención, distinta: también ${quote} importa.`);
    await serverHasIt(ana);
    const passage = passageOf(textOf(block), quote);
    const link = await createLink(http, member, { articleUid: uidOf(art), sourceId: source('elsewhere'), relation: 'incorporates', rationale: 'La primera mención.', passage });
    expect(link.text).toBe(quote);

    const text = textOf(block);
    text.delete(text.toString().indexOf(quote), quote.length);
    const orphaned = await untilLink(link.id, 'the deletion to orphan the passage', (l) => l.status === 'orphaned');
    expect(orphaned).toMatchObject({ relocated: false, reanchorable: true, text: null });
    await expect.poll(() => honoured(source('elsewhere')), { timeout: 5_000 }).toBe(false);
    const mark = (await marks()).body?.marks.find(([id]) => id === link.id);
    expect(mark).toEqual([link.id, uidOf(art), source('elsewhere'), passage.start, passage.end, 'incorporates', false]);
  });
});
