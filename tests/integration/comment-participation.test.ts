/**
 * The rest of citizen participation: each role may do what the policy table says and is refused
 * with 403 otherwise; members mark threads addressed (with a log position that must exist) and
 * reopen them; citizens take one stance per article, change or withdraw it, and the counts follow;
 * writing comments and flags is rate-limited per person (429 with Retry-After, nothing written).
 * Every write is an audit event with its actor, and the chain verifies. Real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/verify-audit-chain.ts';
import type { CommentCounts, StanceAnswer, VisibleComment } from '../../shared/comments/comment-types.ts';
import { type CommentApi, commentApi, postComment } from '../support/comment-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let http: CommentApi;
let citizen: string;
let otherCitizen: string;
let member: string;
let admin: string;
let auditor: string;
let outline: Array<{ uid: string }>;

const COMMENTS_PER_MINUTE = 4;
const FLAGS_PER_MINUTE = 3;

async function userId(token: string): Promise<string> {
  return ((await (await http.get('/api/me', token)).json()) as { id: string }).id;
}

/** Audit events about `subject`, oldest first. */
async function eventsOf(subject: string) {
  return (await server.carta.store.listAudit(0, 100_000)).filter((e) => e.subject === subject);
}

beforeAll(async () => {
  server = await startTestServer({
    participation: {
      comments: [{ max: COMMENTS_PER_MINUTE, windowMs: 60_000 }, { max: 1000, windowMs: 86_400_000 }],
      flags: [{ max: FLAGS_PER_MINUTE, windowMs: 60_000 }],
    },
  });
  http = commentApi(server);
  citizen = await server.token('citizen', 'Carla Ciudadana');
  otherCitizen = await server.token('citizen', 'Otto Ciudadano');
  member = await server.token('member', 'Mario Comisión');
  admin = await server.token('admin', 'Ada Admin');
  auditor = await server.token('auditor', 'Aldo Auditor');
  outline = (await (await http.get('/api/documents/cdmx/articles', member)).json()) as Array<{ uid: string }>;
});

afterAll(async () => {
  await server.stop();
  server.cleanup();
});

const uid = (n: number): string => (outline[n] as { uid: string }).uid;

describe('who may do what', () => {
  it('refuses each role what the policy does not allow, with 403 (and 401 signed out)', async () => {
    const thread = await postComment(http, member, { articleUid: uid(1), body: 'La comisión abre la discusión.' });
    const refusals: Array<[string, string, string, unknown, string]> = [
      ['auditor comments', 'POST', '/api/documents/cdmx/comments', { articleUid: uid(1), body: 'opino' }, auditor],
      ['auditor replies', 'POST', '/api/documents/cdmx/comments', { articleUid: uid(1), parentId: thread.id, body: 'opino' }, auditor],
      ['citizen hides', 'POST', `/api/comments/${thread.id}/hide`, { reason: 'no me gusta' }, citizen],
      ['citizen addresses', 'POST', `/api/comments/${thread.id}/address`, {}, citizen],
      ['citizen reopens', 'POST', `/api/comments/${thread.id}/reopen`, {}, citizen],
      ['auditor addresses', 'POST', `/api/comments/${thread.id}/address`, {}, auditor],
      ['member sets a stance', 'PUT', `/api/documents/cdmx/articles/${uid(1)}/stance`, { stance: 'support' }, member],
      ['admin sets a stance', 'PUT', `/api/documents/cdmx/articles/${uid(1)}/stance`, { stance: 'support' }, admin],
      ['auditor sets a stance', 'PUT', `/api/documents/cdmx/articles/${uid(1)}/stance`, { stance: 'oppose' }, auditor],
      ['member reads the queue', 'GET', '/api/moderation/queue', undefined, member],
    ];
    for (const [what, method, path, body, token] of refusals) {
      const res = method === 'GET' ? await http.get(path, token) : method === 'PUT' ? await http.put(path, body, token) : await http.post(path, body, token);
      expect(res.status, what).toBe(403);
      expect(await res.json(), what).toMatchObject({ error: 'forbidden' });
    }
    for (const [what, res] of [
      ['signed out comments', await http.post('/api/documents/cdmx/comments', { articleUid: uid(1), body: 'x' })],
      ['signed out flags', await http.post(`/api/comments/${thread.id}/flag`, {})],
      ['signed out sets a stance', await http.put(`/api/documents/cdmx/articles/${uid(1)}/stance`, { stance: 'support' })],
      ['signed out reads replies', await http.get(`/api/comments/${thread.id}/replies`)],
    ] as const) {
      expect(res.status, what).toBe(401);
    }
    // Nothing refused was written.
    expect((await eventsOf(thread.id)).map((e) => e.action)).toEqual(['comment.create']);
    // What each may do: members, admins and citizens write; the auditor reads and flags.
    expect((await postComment(http, admin, { articleUid: uid(1), parentId: thread.id, body: 'El equipo toma nota.' })).parentId).toBe(thread.id);
    expect((await http.get(`/api/comments/${thread.id}/replies`, auditor)).status).toBe(200);
    expect((await http.post(`/api/comments/${thread.id}/flag`, {}, auditor)).status).toBe(201);
  });
});

describe('addressing a thread', () => {
  it('is a member marking it answered by a change (a log position that exists) with a note, and reopening it', async () => {
    const thread = await postComment(http, citizen, { articleUid: uid(2), body: 'Falta mencionar a las personas mayores.' });
    const reply = await postComment(http, member, { articleUid: uid(2), parentId: thread.id, body: 'Lo incluimos en el párrafo 3.' });
    const lastSeq = ((await (await http.get('/api/documents/cdmx', member)).json()) as { seq: number }).seq;

    for (const [seq, status, error] of [[lastSeq + 1, 422, 'unknown-seq'], [0, 400, 'invalid-body'], [1.5, 400, 'invalid-body'], ['3', 400, 'invalid-body']] as const) {
      const res = await http.post(`/api/comments/${thread.id}/address`, { seq, note: 'x' }, member);
      expect(res.status, String(seq)).toBe(status);
      expect(await res.json()).toMatchObject({ error });
    }
    const onReply = await http.post(`/api/comments/${reply.id}/address`, {}, member);
    expect(onReply.status).toBe(422);
    expect(await onReply.json()).toMatchObject({ error: 'not-a-thread' });

    const addressed = await http.post(`/api/comments/${thread.id}/address`, { seq: lastSeq, note: 'Incorporado en el artículo.' }, member);
    expect(addressed.status).toBe(200);
    expect(await addressed.json()).toMatchObject({ addressed: { seq: lastSeq, note: 'Incorporado en el artículo.', by: { name: 'Mario Comisión' } } });
    // Everyone sees it, on the thread page too.
    const page = (await (await http.get(`/api/documents/cdmx/articles/${uid(2)}/comments`, otherCitizen)).json()) as { threads: VisibleComment[] };
    expect(page.threads[0]?.addressed).toMatchObject({ seq: lastSeq });
    const twice = await http.post(`/api/comments/${thread.id}/address`, {}, member);
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ error: 'already-addressed' });

    const reopened = await http.post(`/api/comments/${thread.id}/reopen`, {}, admin);
    expect(reopened.status).toBe(200);
    expect(await reopened.json()).toMatchObject({ addressed: null });
    const reopenAgain = await http.post(`/api/comments/${thread.id}/reopen`, { note: 'otra vez' }, member);
    expect(reopenAgain.status).toBe(409);
    expect(await reopenAgain.json()).toMatchObject({ error: 'not-addressed' });
    // Addressed again without a position: seq is optional.
    const again = await http.post(`/api/comments/${thread.id}/address`, { note: 'Respondido en la sesión del martes.' }, member);
    expect(await again.json()).toMatchObject({ addressed: { seq: null, note: 'Respondido en la sesión del martes.' } });

    const [memberId, adminId] = [await userId(member), await userId(admin)];
    expect((await eventsOf(thread.id)).map((e) => [e.action, e.actorId])).toEqual([
      ['comment.create', await userId(citizen)],
      ['comment.address', memberId],
      ['comment.reopen', adminId],
      ['comment.address', memberId],
    ]);
  });
});

describe('support and opposition', () => {
  it('is one stance per citizen per article, changeable and withdrawable, with counts that follow', async () => {
    const article = uid(3);
    const path = `/api/documents/cdmx/articles/${article}/stance`;
    const put = async (token: string, stance: unknown): Promise<StanceAnswer> => {
      const res = await http.put(path, { stance }, token);
      expect(res.status).toBe(200);
      return (await res.json()) as StanceAnswer;
    };
    expect(await (await http.get(path)).json()).toEqual({ docId: 'cdmx', articleUid: article, support: 0, oppose: 0, mine: null });

    expect(await put(citizen, 'support')).toMatchObject({ support: 1, oppose: 0, mine: 'support' });
    expect(await put(citizen, 'support')).toMatchObject({ support: 1, oppose: 0, mine: 'support' });
    expect(await put(otherCitizen, 'support')).toMatchObject({ support: 2, oppose: 0, mine: 'support' });
    expect(await put(citizen, 'oppose')).toMatchObject({ support: 1, oppose: 1, mine: 'oppose' });
    expect(await put(otherCitizen, null)).toMatchObject({ support: 0, oppose: 1, mine: null });
    expect(await put(otherCitizen, null)).toMatchObject({ support: 0, oppose: 1, mine: null });

    // Counts are public; a signed-in reader also gets their own.
    expect(await (await http.get(path)).json()).toMatchObject({ support: 0, oppose: 1, mine: null });
    expect(await (await http.get(path, citizen)).json()).toMatchObject({ support: 0, oppose: 1, mine: 'oppose' });
    const counts = (await (await http.get('/api/documents/cdmx/comment-counts')).json()) as CommentCounts;
    expect(counts.articles[article]).toMatchObject({ support: 0, oppose: 1 });

    for (const body of [{ stance: 'maybe' }, { stance: 'support', extra: 1 }, {}]) {
      const res = await http.put(path, body, citizen);
      expect(res.status).toBe(400);
    }
    expect((await http.put('/api/documents/cdmx/articles/NoSuchArticle1/stance', { stance: 'support' }, citizen)).status).toBe(404);
    expect((await http.put('/api/documents/nope/articles/NoSuchArticle1/stance', { stance: 'support' }, citizen)).status).toBe(404);

    // One event per change (repeating one's stance writes nothing), by the citizen, with before and after.
    const events = await eventsOf(`cdmx/${article}`);
    const carla = await userId(citizen);
    const otto = await userId(otherCitizen);
    expect(events.map((e) => [e.action, e.actorId, e.detail?.previous, e.detail?.stance])).toEqual([
      ['stance.set', carla, null, 'support'],
      ['stance.set', otto, null, 'support'],
      ['stance.set', carla, 'support', 'oppose'],
      ['stance.set', otto, 'support', null],
    ]);
  });
});

describe('rate limits', () => {
  it('refuse a person’s comment over the limit with 429 and Retry-After, write nothing, and leave others alone', async () => {
    const article = uid(4);
    const before = (await server.carta.store.auditHead()).count;
    for (let i = 0; i < COMMENTS_PER_MINUTE; i++) await postComment(http, otherCitizen, { articleUid: article, body: `comentario ${i}` });
    const refused = await http.post('/api/documents/cdmx/comments', { articleUid: article, body: 'uno más' }, otherCitizen);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: 'rate-limited' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Replies count too.
    const thread = (await (await http.get(`/api/documents/cdmx/articles/${article}/comments`, otherCitizen)).json()) as { threads: VisibleComment[]; total: number };
    expect(thread.total).toBe(COMMENTS_PER_MINUTE);
    expect((await http.post('/api/documents/cdmx/comments', { articleUid: article, parentId: thread.threads[0]?.id, body: 'réplica' }, otherCitizen)).status).toBe(429);
    expect((await server.carta.store.auditHead()).count).toBe(before + COMMENTS_PER_MINUTE);
    // Someone else is not slowed down.
    expect((await http.post('/api/documents/cdmx/comments', { articleUid: article, body: 'yo sí' }, admin)).status).toBe(201);
  });

  it('refuse a person’s flags over the limit the same way', async () => {
    const authors = [citizen, member, admin];
    const targets = [];
    for (let i = 0; i < FLAGS_PER_MINUTE + 1; i++) targets.push(await postComment(http, authors[i % authors.length] as string, { articleUid: uid(5), body: `objetivo ${i}` }));
    for (let i = 0; i < FLAGS_PER_MINUTE; i++) expect((await http.post(`/api/comments/${targets[i]?.id}/flag`, { reason: 'spam' }, otherCitizen)).status).toBe(201);
    const last = targets[FLAGS_PER_MINUTE]?.id;
    const refused = await http.post(`/api/comments/${last}/flag`, {}, otherCitizen);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: 'rate-limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await (await http.get(`/api/comments/${last}`, otherCitizen)).json()) as VisibleComment).flaggedByMe).toBe(false);
    expect((await http.post(`/api/comments/${last}/flag`, {}, citizen)).status).toBe(201);
    expect(await verifyAuditChain(server.carta.store)).toMatchObject({ ok: true });
  });
});
