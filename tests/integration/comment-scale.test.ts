/**
 * An article with 5,000 comments opens fast: the first page of threads, a page deep in the list
 * (pages are read through indexes, so they cost their size, not the article's), a page of replies
 * and every article's counts each answer well within a second here; the 100 ms target itself is
 * measured by the benchmark, where nothing else competes for the machine. Most comments quote passages, so
 * each page also resolves its passages against the live text. The comments are written through the
 * store (the write path under test elsewhere); the reads go through the real server over HTTP.
 * The figures are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommentCounts, ThreadPage, VisibleComment } from '../../shared/comments/comment-types.ts';
import { plainText } from '../../shared/provenance/article-text.ts';
import type { PassageAnchor } from '../../shared/provenance/link-types.ts';
import { connectClient, type TestClient } from '../support/collab-client.ts';
import { type CommentApi, commentApi, GENEROUS_LIMITS, postComment } from '../support/comment-fixtures.ts';
import { articles, textOf } from '../support/legal-y-doc.ts';
import { passageOf } from '../support/provenance-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const COMMENTS = 5000;
const REPLIES = 1000;
// The 100 ms target is measured by `npm run bench -- participation`; a test on a busy machine can
// only catch a regression in kind (a page that reads every comment), so it allows ten times that.
const BUDGET_MS = 1_000;

let server: TestServer;
let http: CommentApi;
let citizen: string;
let reader: TestClient;
let articleUid: string;
let threadWithReplies: string;
const threadIds: string[] = [];

async function timed<T>(read: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await read();
  return { ms: performance.now() - started, value };
}

async function page(query: string): Promise<ThreadPage> {
  const res = await http.get(`/api/documents/cdmx/articles/${articleUid}/comments${query}`, citizen);
  expect(res.status).toBe(200);
  return (await res.json()) as ThreadPage;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

beforeAll(async () => {
  server = await startTestServer({ participation: GENEROUS_LIMITS, sqliteSynchronous: 'NORMAL' });
  http = commentApi(server);
  citizen = await server.token('citizen', 'Cecilia Ciudadana');
  reader = connectClient(server.wsBase, citizen);
  await reader.synced();
  const art = articles(reader.fragment).find((a) => {
    const first = a.get(1);
    return first instanceof Y.XmlElement && first.nodeName !== 'apartado' && plainText(textOf(first)).length > 200;
  }) as Y.XmlElement;
  articleUid = String(art.getAttribute('uid'));
  // Ten passages of the article, anchored by the server (it reads the text and the context).
  const text = textOf(art.get(1) as Y.XmlElement);
  const anchors: PassageAnchor[] = [];
  for (let i = 0; i < 10; i++) {
    const made = (await postComment(http, citizen, { articleUid, anchor: passageOf(text, plainText(text).slice(i * 15, i * 15 + 30)), body: `pasaje ${i}` })) as VisibleComment;
    anchors.push((await server.carta.store.comments.getComment(made.id, 'x'))?.anchor as PassageAnchor);
    threadIds.push(made.id);
  }
  const authors = await Promise.all(Array.from({ length: 50 }, (_, i) => server.carta.store.ensureUser({ id: `scale-citizen-${i}`, name: `Ciudadana ${i}`, role: 'citizen' }, Date.now())));
  const started = performance.now();
  for (let i = threadIds.length; i < COMMENTS - REPLIES; i++) {
    // Four in five quote a passage, the others speak to the whole article.
    const anchor = i % 5 === 0 ? null : (anchors[i % anchors.length] as PassageAnchor);
    const created = await server.carta.store.comments.createComment(
      { docId: 'cdmx', articleUid, parentId: null, body: `Comentario número ${i}: ${'texto '.repeat(i % 40)}`, anchor },
      (authors[i % authors.length] as { id: string }).id,
      Date.now(),
      [],
    );
    threadIds.push(created.id);
  }
  threadWithReplies = threadIds[threadIds.length - 1] as string;
  for (let i = 0; i < REPLIES; i++) {
    // Most replies go to a few threads; one thread (the newest) gets 300.
    const parentId = i < 300 ? threadWithReplies : (threadIds[(i * 7919) % threadIds.length] as string);
    await server.carta.store.comments.createComment({ docId: 'cdmx', articleUid, parentId, body: `respuesta ${i}`, anchor: null }, (authors[i % authors.length] as { id: string }).id, Date.now(), []);
  }
  console.log(`comment-scale: wrote ${COMMENTS} comments (${COMMENTS - REPLIES} threads, ${REPLIES} replies) in ${Math.round(performance.now() - started)} ms`);
}, 120_000);

afterAll(async () => {
  reader.destroy();
  await server.stop();
  server.cleanup();
});

describe('an article with 5,000 comments', () => {
  it('answers its first page of threads, and a page deep in the list, well within a second (the 100 ms target is benchmarked)', async () => {
    const first = await timed(() => page(''));
    expect(first.value.total).toBe(COMMENTS - REPLIES);
    expect(first.value.threads).toHaveLength(50);
    expect(first.value.threads[0]?.id).toBe(threadWithReplies);
    expect(first.value.threads[0]?.replyCount).toBe(300);
    expect(first.value.threads.filter((t) => (t as VisibleComment).anchor?.status === 'live').length).toBeGreaterThanOrEqual(35);

    const warm: number[] = [];
    for (let i = 0; i < 20; i++) warm.push((await timed(() => page(''))).ms);
    const biggest = await timed(() => page('?limit=200'));
    expect(biggest.value.threads).toHaveLength(200);

    // Deep in the list: the cursor is a thread near the oldest end, read newest first.
    const deepCursor = threadIds[60] as string;
    const deep = await timed(() => page(`?after=${deepCursor}`));
    expect(deep.value.threads.map((t) => t.id)).toEqual(threadIds.slice(10, 60).reverse());
    const oldestLast = await timed(() => page(`?order=oldest&after=${threadIds[threadIds.length - 30]}`));
    expect(oldestLast.value.threads).toHaveLength(29);
    expect(oldestLast.value.next).toBeNull();

    const replies = await timed(async () => (await http.get(`/api/comments/${threadWithReplies}/replies?limit=50`, citizen)).json() as Promise<{ total: number; replies: unknown[] }>);
    expect(replies.value.total).toBe(300);
    const counts = await timed(async () => (await http.get('/api/documents/cdmx/comment-counts')).json() as Promise<CommentCounts>);
    expect(counts.value.articles[articleUid]).toMatchObject({ threads: COMMENTS - REPLIES, comments: COMMENTS });

    const figures = {
      firstPage: first.ms,
      firstPageMedianOf20: median(warm),
      firstPageWorstOf20: Math.max(...warm),
      page200: biggest.ms,
      deepPage: deep.ms,
      lastPageOldestFirst: oldestLast.ms,
      repliesPage: replies.ms,
      commentCounts: counts.ms,
    };
    console.log(`comment-scale (ms): ${Object.entries(figures).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
    expect(first.ms).toBeLessThan(BUDGET_MS);
    expect(median(warm)).toBeLessThan(BUDGET_MS);
    expect(deep.ms).toBeLessThan(BUDGET_MS);
    expect(oldestLast.ms).toBeLessThan(BUDGET_MS);
    expect(replies.ms).toBeLessThan(BUDGET_MS);
    expect(counts.ms).toBeLessThan(BUDGET_MS);
  });

  it('after a restart, answers its first page with the document loaded on demand (figure printed, not budgeted: it includes loading the text)', async () => {
    await server.stop();
    reader.destroy();
    server = await startTestServer({ dataDir: server.dataDir, participation: GENEROUS_LIMITS, sqliteSynchronous: 'NORMAL' });
    http = commentApi(server);
    reader = connectClient(server.wsBase, citizen);
    const cold = await timed(() => page(''));
    expect(cold.value.threads[0]?.id).toBe(threadWithReplies);
    expect(cold.value.threads.filter((t) => (t as VisibleComment).anchor?.status === 'live').length).toBeGreaterThanOrEqual(35);
    const warm = await timed(() => page(''));
    console.log(`comment-scale after restart (ms): first page ${cold.ms.toFixed(1)} (loads the document), next ${warm.ms.toFixed(1)}`);
    expect(warm.ms).toBeLessThan(BUDGET_MS);
  });
});
