/**
 * Moderation: anyone signed in flags a comment once; admins hide it with a reason, show it again, or
 * keep it. A hidden comment stays in its thread as a placeholder — no body, author or quote reaches
 * a citizen or a member, checked in the raw JSON — while its replies stay visible, and admins and
 * auditors still read it. The queue lists flagged comments no one has decided on, oldest flag
 * first, a page at a time. Every decision is an audit event with its actor, and the chain verifies.
 * Real server, real y-websocket client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { verifyAuditChain } from '../../server/audit/verify-audit-chain.ts';
import type { ModeratedComment, ModerationQueuePage, ServedComment, ThreadPage, VisibleComment } from '../../shared/comments/comment-types.ts';
import { plainText } from '../../shared/provenance/article-text.ts';
import { connectClient, type TestClient, waitFor } from '../support/collab-client.ts';
import { type CommentApi, commentApi, GENEROUS_LIMITS, postComment, replyPage, threadPage } from '../support/comment-fixtures.ts';
import { articles, textOf } from '../support/legal-y-doc.ts';
import { passageOf } from '../support/provenance-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let http: CommentApi;
let citizen: string;
let otherCitizen: string;
let troll: string;
let member: string;
let admin: string;
let auditor: string;
let reader: TestClient;
const ids = new Map<string, string>();

const uidOf = (el: Y.XmlElement): string => String(el.getAttribute('uid'));
const plainArticles = (): Y.XmlElement[] =>
  articles(reader.fragment).filter((art) => {
    const first = art.get(1);
    return first instanceof Y.XmlElement && first.nodeName !== 'apartado' && plainText(textOf(first)).length > 80;
  });

async function userId(token: string): Promise<string> {
  const cached = ids.get(token);
  if (cached) return cached;
  const me = (await (await http.get('/api/me', token)).json()) as { id: string };
  ids.set(token, me.id);
  return me.id;
}

async function comment(id: string, token: string): Promise<ServedComment> {
  const res = await http.get(`/api/comments/${id}`, token);
  expect(res.status).toBe(200);
  return (await res.json()) as ServedComment;
}

async function queue(token: string, query = ''): Promise<ModerationQueuePage> {
  const res = await http.get(`/api/moderation/queue${query}`, token);
  expect(res.status).toBe(200);
  return (await res.json()) as ModerationQueuePage;
}

beforeAll(async () => {
  server = await startTestServer({ participation: GENEROUS_LIMITS });
  http = commentApi(server);
  citizen = await server.token('citizen', 'Clara Ciudadana');
  otherCitizen = await server.token('citizen', 'Omar Vecino');
  troll = await server.token('citizen', 'Persona Ocultable Xq7');
  member = await server.token('member', 'Marta Comisión');
  admin = await server.token('admin', 'Adela Moderadora');
  auditor = await server.token('auditor', 'Aurelio Auditor');
  reader = connectClient(server.wsBase, citizen);
  await reader.synced();
});

afterAll(async () => {
  reader.destroy();
  await server.stop();
  server.cleanup();
});

describe('hiding a comment', () => {
  it('keeps its replies visible and serves citizens and members a placeholder with no body, author or quote', async () => {
    const art = plainArticles()[0] as Y.XmlElement;
    const text = textOf(art.get(1) as Y.XmlElement);
    const quote = plainText(text).slice(5, 60);
    const secret = 'Insulto inaceptable zz-91-secreto';
    const hidden = await postComment(http, troll, { articleUid: uidOf(art), anchor: passageOf(text, quote), body: secret });
    const replyA = await postComment(http, citizen, { articleUid: uidOf(art), parentId: hidden.id, body: 'Por favor, respeto.' });
    const replyB = await postComment(http, member, { articleUid: uidOf(art), parentId: hidden.id, body: 'La comisión responde: gracias por la observación.' });

    const heard = (): number => reader.notices.filter((n) => n.kind === 'comments-changed' && n.articleUid === uidOf(art)).length;
    await waitFor(() => heard() === 3, 10_000, 'the notices of the comment and its replies');
    const refused = await http.post(`/api/comments/${hidden.id}/hide`, {}, admin);
    expect(refused.status).toBe(400);
    const hide = await http.post(`/api/comments/${hidden.id}/hide`, { reason: 'Lenguaje ofensivo (regla 2).' }, admin);
    expect(hide.status).toBe(200);
    expect(await hide.json()).toMatchObject({ hidden: true, reason: 'Lenguaje ofensivo (regla 2).', body: secret });
    // Open editors hear that the article's comments changed (and nothing else about it).
    await waitFor(() => heard() === 4, 10_000, 'the notice of the hiding');
    expect(reader.notices.at(-1)).toEqual({ kind: 'comments-changed', articleUid: uidOf(art) });

    const trollId = await userId(troll);
    for (const token of [citizen, otherCitizen, member]) {
      const raw = await (await http.get(`/api/documents/cdmx/articles/${uidOf(art)}/comments`, token)).text();
      const single = await (await http.get(`/api/comments/${hidden.id}`, token)).text();
      for (const body of [raw, single]) {
        for (const leak of [secret, 'Persona Ocultable', trollId, quote, JSON.stringify(quote).slice(1, -1)]) expect(body).not.toContain(leak);
      }
      const page = JSON.parse(raw) as ThreadPage;
      const placeholder = page.threads.find((t) => t.id === hidden.id);
      expect(placeholder).toMatchObject({ hidden: true, reason: 'Lenguaje ofensivo (regla 2).', replyCount: 2 });
      expect(Object.keys(placeholder ?? {}).sort()).toEqual(['addressed', 'articleUid', 'createdAt', 'docId', 'flaggedByMe', 'hidden', 'hiddenAt', 'id', 'parentId', 'reason', 'replyCount']);
      // The replies stay, with their authors and words.
      const replies = await replyPage(http, token, hidden.id);
      expect(replies.replies.map((r) => [r.id, r.hidden, (r as VisibleComment).body])).toEqual([
        [replyA.id, false, 'Por favor, respeto.'],
        [replyB.id, false, 'La comisión responde: gracias por la observación.'],
      ]);
    }

    // Admins (who decide) and auditors (who check the moderation) read what was hidden.
    for (const token of [admin, auditor]) {
      const seen = (await comment(hidden.id, token)) as ModeratedComment;
      expect(seen).toMatchObject({ hidden: true, body: secret, author: { id: trollId, name: 'Persona Ocultable Xq7' }, hiddenBy: { name: 'Adela Moderadora' } });
      expect(seen.anchor).toMatchObject({ status: 'live', quote });
    }

    const again = await http.post(`/api/comments/${hidden.id}/hide`, { reason: 'otra vez' }, admin);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'already-hidden' });

    const unhide = await http.post(`/api/comments/${hidden.id}/unhide`, { reason: 'Revisado en apelación.' }, admin);
    expect(unhide.status).toBe(200);
    const back = (await comment(hidden.id, citizen)) as VisibleComment;
    expect(back).toMatchObject({ hidden: false, body: secret, author: { name: 'Persona Ocultable Xq7' } });
    const unhideAgain = await http.post(`/api/comments/${hidden.id}/unhide`, {}, admin);
    expect(unhideAgain.status).toBe(409);
    expect(await unhideAgain.json()).toMatchObject({ error: 'not-hidden' });

    // Both decisions are audit events by the admin, with their reasons, and the chain verifies.
    const adminId = await userId(admin);
    const events = (await server.carta.store.listAudit(0, 100_000)).filter((e) => e.subject === hidden.id);
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ['comment.create', trollId],
      ['comment.hide', adminId],
      ['comment.unhide', adminId],
    ]);
    expect(events[1]?.detail).toMatchObject({ reason: 'Lenguaje ofensivo (regla 2).', articleUid: uidOf(art) });
    expect(events[2]?.detail).toMatchObject({ reason: 'Revisado en apelación.' });
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(await verifyAuditChain(server.carta.store)).toMatchObject({ ok: true });
  });

  it('is for admins only', async () => {
    const art = plainArticles()[1] as Y.XmlElement;
    const target = await postComment(http, citizen, { articleUid: uidOf(art), body: 'Un comentario.' });
    for (const token of [citizen, member, auditor]) {
      for (const action of ['hide', 'unhide', 'keep']) {
        const res = await http.post(`/api/comments/${target.id}/${action}`, { reason: 'no' }, token);
        expect(res.status, action).toBe(403);
        expect(await res.json()).toMatchObject({ error: 'forbidden' });
      }
      expect((await http.get('/api/moderation/queue', token)).status).toBe(403);
    }
    expect((await http.post(`/api/comments/${target.id}/hide`, { reason: 'no' })).status).toBe(401);
    expect((await http.post('/api/comments/cmt_00000000000000000000/hide', { reason: 'no' }, admin)).status).toBe(404);
  });
});

describe('flags and the moderation queue', () => {
  it('take one flag per person, and list flagged comments not yet decided, oldest flag first, a page at a time', async () => {
    const art = plainArticles()[2] as Y.XmlElement;
    const comments: ServedComment[] = [];
    for (let i = 0; i < 5; i++) comments.push(await postComment(http, troll, { articleUid: uidOf(art), body: `comentario dudoso ${i}` }));
    const [c0, c1, c2, c3, c4] = comments as [ServedComment, ServedComment, ServedComment, ServedComment, ServedComment];
    expect((await queue(admin)).entries.map((e) => e.comment.id)).not.toContain(c0.id);

    // Flags in the order c2, c0, c4, c3 (c1 never), c0 by two people.
    const flag = async (id: string, token: string, reason?: string): Promise<Response> => http.post(`/api/comments/${id}/flag`, reason === undefined ? {} : { reason }, token);
    expect((await flag(c2.id, citizen, 'Spam')).status).toBe(201);
    expect((await flag(c0.id, citizen, 'Insulta')).status).toBe(201);
    expect((await flag(c0.id, otherCitizen)).status).toBe(201);
    expect((await flag(c4.id, member, 'Datos personales')).status).toBe(201);
    expect((await flag(c3.id, auditor, 'Fuera de tema')).status).toBe(201);

    const twice = await flag(c0.id, citizen, 'otra vez');
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ error: 'already-flagged' });
    expect(((await comment(c0.id, citizen)) as VisibleComment).flaggedByMe).toBe(true);
    expect(((await comment(c1.id, citizen)) as VisibleComment).flaggedByMe).toBe(false);
    expect(((await comment(c0.id, member)) as VisibleComment).flaggedByMe).toBe(false);
    // The count of flags is for moderators.
    expect(await comment(c0.id, citizen)).not.toHaveProperty('flags');
    expect(await comment(c0.id, admin)).toMatchObject({ flags: 2 });

    const first = await queue(admin, '?limit=2');
    expect(first.total).toBe(4);
    expect(first.entries.map((e) => e.comment.id)).toEqual([c2.id, c0.id]);
    expect(first.entries[1]).toMatchObject({ pendingFlags: 2 });
    expect(first.entries[1]?.flags.map((f) => [f.by.name, f.reason])).toEqual([
      ['Clara Ciudadana', 'Insulta'],
      ['Omar Vecino', ''],
    ]);
    expect(first.entries[0]?.pendingSince).toBeLessThanOrEqual(first.entries[1]?.pendingSince ?? 0);
    const second = await queue(admin, `?limit=2&after=${first.next}`);
    expect(second.entries.map((e) => e.comment.id)).toEqual([c4.id, c3.id]);
    expect(second.next).toBeNull();

    // Deciding takes a comment out: hiding it, or keeping it (the flags were not warranted).
    expect((await http.post(`/api/comments/${c0.id}/hide`, { reason: 'Insultos.' }, admin)).status).toBe(200);
    const keep = await http.post(`/api/comments/${c2.id}/keep`, { reason: 'No es spam: es una propuesta.' }, admin);
    expect(keep.status).toBe(200);
    expect(await keep.json()).toMatchObject({ hidden: false });
    const keepUnflagged = await http.post(`/api/comments/${c1.id}/keep`, {}, admin);
    expect(keepUnflagged.status).toBe(409);
    expect(await keepUnflagged.json()).toMatchObject({ error: 'not-flagged' });
    expect((await queue(admin)).entries.map((e) => e.comment.id)).toEqual([c4.id, c3.id]);

    // A hidden comment takes no more flags; a kept one does, and returns to the queue behind the others.
    const flagHidden = await flag(c0.id, member);
    expect(flagHidden.status).toBe(409);
    expect(await flagHidden.json()).toMatchObject({ error: 'already-hidden' });
    expect((await flag(c2.id, citizen)).status).toBe(409);
    expect((await flag(c2.id, otherCitizen, 'Sí es spam')).status).toBe(201);
    const now = await queue(admin);
    expect(now.entries.map((e) => e.comment.id)).toEqual([c4.id, c3.id, c2.id]);
    expect(now.entries[2]).toMatchObject({ pendingFlags: 1, flags: [{ by: { name: 'Omar Vecino' }, reason: 'Sí es spam' }] });

    const badCursor = await http.get('/api/moderation/queue?after=abc', admin);
    expect(badCursor.status).toBe(400);
    expect((await http.post('/api/comments/cmt_00000000000000000000/flag', {}, citizen)).status).toBe(404);
    expect((await http.post(`/api/comments/${c1.id}/flag`, { reason: 'x'.repeat(1001) }, citizen)).status).toBe(400);

    const adminId = await userId(admin);
    const decisions = (await server.carta.store.listAudit(0, 100_000)).filter((e) => [c0.id, c2.id].includes(e.subject) && e.action !== 'comment.create');
    expect(decisions.map((e) => e.action)).toEqual(['comment.flag', 'comment.flag', 'comment.flag', 'comment.hide', 'comment.keep', 'comment.flag']);
    expect(decisions.filter((e) => e.action !== 'comment.flag').every((e) => e.actorId === adminId)).toBe(true);
    expect(await verifyAuditChain(server.carta.store)).toMatchObject({ ok: true });
  });
});
