/**
 * Citizens comment on a passage or on a whole article; the server reads the passage in the live
 * text, stores bodies exactly as written (markup and script included: they are text, and the JSON
 * carries them as strings), answers threads and replies a page at a time with cursors that neither
 * repeat nor skip while others keep writing, counts every article's comments in one answer, and
 * tells open editors which article's comments changed. Real server, real y-websocket clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommentCounts, ServedComment, VisibleComment } from '../../shared/comments/comment-types.ts';
import { plainText } from '../../shared/provenance/article-text.ts';
import { connectClient, type TestClient, waitFor } from '../support/collab-client.ts';
import { allThreads, type CommentApi, commentApi, GENEROUS_LIMITS, postComment, replyPage, threadPage } from '../support/comment-fixtures.ts';
import { articles, textOf } from '../support/legal-y-doc.ts';
import { passageOf } from '../support/provenance-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let http: CommentApi;
let ana: string;
let beto: string;
let member: string;
let reader: TestClient;

const uidOf = (el: Y.XmlElement): string => String(el.getAttribute('uid'));
/** The n-th article (1-based) whose first body block is text long enough to quote from. */
const plainArticle = (n: number): Y.XmlElement => {
  const found = articles(reader.fragment).filter((art) => {
    const first = art.get(1);
    return first instanceof Y.XmlElement && first.nodeName !== 'apartado' && plainText(textOf(first)).length > 60;
  })[n - 1];
  if (!found) throw new Error(`fewer than ${n} plain articles`);
  return found;
};
const visible = (comment: ServedComment): VisibleComment => {
  if (comment.hidden) throw new Error(`comment ${comment.id} is hidden`);
  return comment as VisibleComment;
};

beforeAll(async () => {
  server = await startTestServer({ participation: GENEROUS_LIMITS });
  http = commentApi(server);
  ana = await server.token('citizen', 'Ana Citizen');
  beto = await server.token('citizen', 'Beto Citizen');
  member = await server.token('member', 'Marta Comisión');
  reader = connectClient(server.wsBase, ana);
  await reader.synced();
});

afterAll(async () => {
  reader.destroy();
  await server.stop();
  server.cleanup();
});

describe('writing a comment', () => {
  it('on a passage: the server reads the passage in the live text and serves it live, with its context', async () => {
    const art = plainArticle(1);
    const text = textOf(art.get(1) as Y.XmlElement);
    const quote = plainText(text).slice(10, 45);
    const anchor = passageOf(text, quote);
    const comment = visible(await postComment(http, ana, { articleUid: uidOf(art), anchor, body: 'Esto debería decir "toda persona".' }));
    expect(comment).toMatchObject({ articleUid: uidOf(art), parentId: null, replyCount: 0, addressed: null, flaggedByMe: false, body: 'Esto debería decir "toda persona".' });
    expect(comment.author).toMatchObject({ name: 'Ana Citizen', role: 'citizen' });
    expect(comment.anchor).toMatchObject({ status: 'live', quote, text: quote, start: anchor.start, end: anchor.end });
    expect(comment.anchor?.prefix.length).toBeGreaterThan(0);
    expect(comment).not.toHaveProperty('flags');
    expect(comment.id).toMatch(/^cmt_[0-9a-f]{20}$/);

    const listed = await threadPage(http, beto, uidOf(art));
    expect(listed.threads.map((t) => t.id)).toContain(comment.id);
    expect(listed.article?.num).toBeTruthy();
  });

  it('on a whole article, and refuses passages that are not what they quote or lie elsewhere', async () => {
    const art = plainArticle(2);
    const whole = visible(await postComment(http, beto, { articleUid: uidOf(art), body: 'Apoyo el artículo entero.' }));
    expect(whole.anchor).toBeNull();

    const text = textOf(art.get(1) as Y.XmlElement);
    const anchor = passageOf(text, plainText(text).slice(0, 20));
    const wrongQuote = await http.post('/api/documents/cdmx/comments', { articleUid: uidOf(art), anchor: { ...anchor, quote: 'otra cosa' }, body: 'x' }, ana);
    expect(wrongQuote.status).toBe(422);
    expect(await wrongQuote.json()).toMatchObject({ error: 'anchor-mismatch' });
    const otherArticle = await http.post('/api/documents/cdmx/comments', { articleUid: uidOf(plainArticle(3)), anchor, body: 'x' }, ana);
    expect(otherArticle.status).toBe(422);
    const noArticle = await http.post('/api/documents/cdmx/comments', { articleUid: 'ABCDEFGHIJKL', body: 'x' }, ana);
    expect(noArticle.status).toBe(404);
    const noDocument = await http.post('/api/documents/nope/comments', { articleUid: uidOf(art), body: 'x' }, ana);
    expect(noDocument.status).toBe(404);
  });

  it('stores and serves bodies verbatim as plain text: markup, script and javascript: links stay JSON strings', async () => {
    const art = plainArticle(10);
    const bodies = [
      '<script>alert("xss")</script>',
      '<img src=x onerror=alert(1)>',
      '[haz clic](javascript:alert(document.cookie)) y javascript:alert(1)',
      '"><svg/onload=alert(1)>&lt;b&gt;&amp;',
      'Línea uno\nLínea dos\r\n\tcon tabulador — y emoji 🇲🇽✊🏽',
      '\u202Eal revés\u202C y sin\u200Bancho',
    ];
    for (const body of bodies) {
      const created = await http.post('/api/documents/cdmx/comments', { articleUid: uidOf(art), body }, ana);
      expect(created.status).toBe(201);
      expect(created.headers.get('content-type')).toMatch(/^application\/json/);
      const raw = await created.text();
      // The body travels as a JSON string, escaped by JSON's rules only (no HTML entities).
      expect(raw).toContain(JSON.stringify(body));
      expect(visible(JSON.parse(raw) as ServedComment).body).toBe(body);
    }
    const listed = await allThreads(http, beto, uidOf(art));
    expect(listed.map((c) => visible(c).body)).toEqual(bodies);
    // Note for the client: these strings must reach the page as text nodes (textContent), never
    // innerHTML; the rendering test belongs with the browser client.
  });

  it('takes bodies of 1 to 5,000 characters (an emoji is one) and refuses empty, longer or non-text bodies', async () => {
    const art = plainArticle(10);
    const longest = `${'✊🏽'.repeat(1)}${'a'.repeat(4998)}`; // ✊🏽 is two code points
    expect(await http.post('/api/documents/cdmx/comments', { articleUid: uidOf(art), body: longest }, ana).then((r) => r.status)).toBe(201);
    expect(await http.post('/api/documents/cdmx/comments', { articleUid: uidOf(art), body: '🇲🇽'.repeat(2500) }, ana).then((r) => r.status)).toBe(201);
    for (const body of ['', '   \n\t ', 'a'.repeat(5001), 'nul\u0000byte', 'escape\u001b[31m', 'lone \uD800 surrogate']) {
      const res = await http.post('/api/documents/cdmx/comments', { articleUid: uidOf(art), body }, ana);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid-body' });
    }
    const unknownField = await http.post('/api/documents/cdmx/comments', { articleUid: uidOf(art), body: 'x', html: '<b>x</b>' }, ana);
    expect(unknownField.status).toBe(400);
  });
});

describe('replies', () => {
  it('answer a thread one level deep, on its article, and come a page at a time, oldest first', async () => {
    const art = plainArticle(4);
    const thread = await postComment(http, ana, { articleUid: uidOf(art), body: '¿Qué significa "progresividad"?' });
    const replies: string[] = [];
    for (let i = 0; i < 12; i++) replies.push((await postComment(http, i % 2 ? beto : member, { articleUid: uidOf(art), parentId: thread.id, body: `respuesta ${i}` })).id);

    const first = await replyPage(http, ana, thread.id, { limit: 5 });
    expect(first.total).toBe(12);
    expect(first.replies.map((r) => r.id)).toEqual(replies.slice(0, 5));
    expect(first.replies.every((r) => r.parentId === thread.id && r.replyCount === 0)).toBe(true);
    expect(visible(first.replies[0] as ServedComment).author.role).toBe('member');
    const second = await replyPage(http, ana, thread.id, { limit: 5, after: first.next });
    const third = await replyPage(http, ana, thread.id, { limit: 5, after: second.next });
    expect([...first.replies, ...second.replies, ...third.replies].map((r) => r.id)).toEqual(replies);
    expect(third.next).toBeNull();

    const listed = (await threadPage(http, ana, uidOf(art))).threads.find((t) => t.id === thread.id);
    expect(listed?.replyCount).toBe(12);
    // Replies are not threads of their own.
    expect((await threadPage(http, ana, uidOf(art))).threads.map((t) => t.id)).toEqual([thread.id]);

    const nested = await http.post('/api/documents/cdmx/comments', { articleUid: uidOf(art), parentId: replies[0], body: 'x' }, ana);
    expect(nested.status).toBe(422);
    expect(await nested.json()).toMatchObject({ error: 'nested-reply' });
    const elsewhere = await http.post('/api/documents/cdmx/comments', { articleUid: uidOf(plainArticle(12)), parentId: thread.id, body: 'x' }, ana);
    expect(elsewhere.status).toBe(422);
    expect(await elsewhere.json()).toMatchObject({ error: 'wrong-article' });
    const text = textOf(art.get(1) as Y.XmlElement);
    const withPassage = await http.post('/api/documents/cdmx/comments', { articleUid: uidOf(art), parentId: thread.id, anchor: passageOf(text, plainText(text).slice(0, 10)), body: 'x' }, ana);
    expect(withPassage.status).toBe(400);
    const noParent = await http.post('/api/documents/cdmx/comments', { articleUid: uidOf(art), parentId: 'cmt_00000000000000000000', body: 'x' }, ana);
    expect(noParent.status).toBe(404);
    const repliesOfReply = await http.get(`/api/comments/${replies[0]}/replies`, ana);
    expect(repliesOfReply.status).toBe(422);
    const badCursor = await http.get(`/api/comments/${thread.id}/replies?after=${thread.id}`, ana);
    expect(badCursor.status).toBe(400);
    expect(await badCursor.json()).toMatchObject({ error: 'bad-cursor' });
  });
});

describe('thread pages', () => {
  it('neither repeat nor skip a thread while new comments keep arriving, newest or oldest first', async () => {
    const art = plainArticle(13);
    const uid = uidOf(art);
    const before: string[] = [];
    for (let i = 0; i < 60; i++) before.push((await postComment(http, i % 2 ? ana : beto, { articleUid: uid, body: `hilo ${i}` })).id);

    let written = 0;
    const writeMore = async (): Promise<void> => {
      // Two new threads and a reply land between every two page requests.
      await postComment(http, beto, { articleUid: uid, body: `nuevo ${written++}` });
      await postComment(http, ana, { articleUid: uid, body: `nuevo ${written++}` });
      await postComment(http, member, { articleUid: uid, parentId: before[written % before.length], body: 'respuesta' });
    };
    const pageThrough = async (order: 'newest' | 'oldest'): Promise<string[]> => {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page = await threadPage(http, ana, uid, { after, limit: 7, order });
        expect(page.threads.length).toBeLessThanOrEqual(7);
        seen.push(...page.threads.map((t) => t.id));
        after = page.next;
        await writeMore();
      } while (after !== null);
      return seen;
    };

    const newest = await pageThrough('newest');
    // Started before the new ones: exactly the threads that existed, newest first, each once.
    expect(newest).toEqual([...before].reverse());

    const existing = (await allThreads(http, ana, uid, 200, 'oldest')).map((t) => t.id);
    const oldest = await pageThrough('oldest');
    expect(new Set(oldest).size).toBe(oldest.length);
    // Oldest first, the new threads join at the end, so what was read is a prefix of the final list
    // that holds every thread that existed when reading began.
    const final = (await allThreads(http, ana, uid, 200, 'oldest')).map((t) => t.id);
    expect(final.slice(0, oldest.length)).toEqual(oldest);
    expect(oldest.slice(0, existing.length)).toEqual(existing);
    expect(final.slice(0, before.length)).toEqual(before);

    const page = await threadPage(http, ana, uid);
    expect(page.order).toBe('newest');
    expect(page.threads).toHaveLength(50);
    expect(page.total).toBe(final.length);
  });

  it('refuse cursors they did not hand out and limits over 200', async () => {
    const art = plainArticle(14);
    const uid = uidOf(art);
    const thread = await postComment(http, ana, { articleUid: uid, body: 'hilo' });
    const reply = await postComment(http, ana, { articleUid: uid, parentId: thread.id, body: 'respuesta' });
    const otherThread = await postComment(http, ana, { articleUid: uidOf(plainArticle(15)), body: 'otro' });
    for (const after of [reply.id, otherThread.id, 'cmt_ffffffffffffffffffff', 'garbage']) {
      const res = await http.get(`/api/documents/cdmx/articles/${uid}/comments?after=${after}`, ana);
      expect(res.status, after).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'bad-cursor' });
    }
    for (const query of ['limit=201', 'limit=0', 'order=random', 'limit=abc']) {
      const res = await http.get(`/api/documents/cdmx/articles/${uid}/comments?${query}`, ana);
      expect(res.status, query).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'bad-query' });
    }
    expect((await http.get(`/api/documents/cdmx/articles/${uid}/comments?limit=200`, ana)).status).toBe(200);
    expect((await http.get(`/api/documents/cdmx/articles/not a uid/comments`, ana)).status).toBe(400);
  });

  it('need a signed-in reader; an article no longer in the text still lists its comments', async () => {
    const uid = uidOf(plainArticle(7));
    const anonymous = await http.get(`/api/documents/cdmx/articles/${uid}/comments`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: 'unauthenticated' });
    const gone = await threadPage(http, ana, 'NoSuchArticle1');
    expect(gone).toMatchObject({ article: null, threads: [], total: 0, next: null });
  });
});

describe('counts and notices', () => {
  it('count threads and comments of every article in one answer, for anyone', async () => {
    const a = uidOf(plainArticle(16));
    const b = uidOf(plainArticle(17));
    const t1 = await postComment(http, ana, { articleUid: a, body: 'uno' });
    await postComment(http, beto, { articleUid: a, body: 'dos' });
    await postComment(http, member, { articleUid: a, parentId: t1.id, body: 'respuesta' });
    await postComment(http, beto, { articleUid: b, body: 'tres' });
    const res = await http.get('/api/documents/cdmx/comment-counts');
    expect(res.status).toBe(200);
    const counts = (await res.json()) as CommentCounts;
    expect(counts.articles[a]).toEqual({ threads: 2, comments: 3, support: 0, oppose: 0 });
    expect(counts.articles[b]).toEqual({ threads: 1, comments: 1, support: 0, oppose: 0 });
    // Every count agrees with the pages.
    for (const [uid, count] of Object.entries(counts.articles)) {
      const threads = await allThreads(http, ana, uid);
      expect(threads.length, uid).toBe(count.threads);
      expect(threads.length + threads.reduce((n, t) => n + t.replyCount, 0), uid).toBe(count.comments);
    }
    expect((await http.get('/api/documents/nope/comment-counts')).status).toBe(404);
  });

  it('tell every open editor of the document which article changed (comments-changed)', async () => {
    const uid = uidOf(plainArticle(18));
    const listener = connectClient(server.wsBase, member);
    try {
      await listener.synced();
      await postComment(http, beto, { articleUid: uid, body: 'aviso' });
      await waitFor(() => listener.notices.some((n) => n.kind === 'comments-changed' && n.articleUid === uid), 10_000, 'the comments-changed notice');
      await waitFor(() => reader.notices.some((n) => n.kind === 'comments-changed' && n.articleUid === uid), 10_000, 'the notice to a citizen reader');
      const refused = await http.post('/api/documents/cdmx/comments', { articleUid: uid, body: '' }, beto);
      expect(refused.status).toBe(400);
      expect(listener.notices.filter((n) => n.kind === 'comments-changed')).toHaveLength(1);
    } finally {
      listener.destroy();
    }
  });
});
