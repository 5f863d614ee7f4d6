/**
 * The comment client's rules that need no browser: which controls each role gets (the server's
 * policy table, exactly), a sentence in both languages for every refusal the comment routes give
 * (a rate limit saying how long to wait), the comment shortcut, and the REST calls it makes.
 */
import { describe, expect, it } from 'vitest';
import { may } from '../../server/auth/policy.ts';
import { CommentApi } from '../../client/comments/comment-api.ts';
import { commentErrorText, EXPLAINED_ERROR_IDS, explainBodyProblem, explainCommentError, waitWords } from '../../client/comments/comment-errors.ts';
import { commentPermissions } from '../../client/comments/comment-permissions.ts';
import { COMMENT_KEYS, isCommentShortcut, type KeyInput } from '../../client/comments/comment-shortcut.ts';
import { SHORTCUTS } from '../../client/editor/shortcuts.ts';
import { ApiError } from '../../client/session/api-client.ts';
import { ROLES } from '../../shared/auth/roles.ts';
import { translate, type MessageKey } from '../../shared/i18n/index.ts';

describe('comment controls per role', () => {
  it('follow the server’s policy table for every role', () => {
    for (const role of ROLES) {
      const allowed = commentPermissions(role);
      expect(allowed.comment, role).toBe(may(role, 'comment.create'));
      expect(allowed.flag, role).toBe(may(role, 'comment.flag'));
      expect(allowed.moderate, role).toBe(may(role, 'comment.hide') && may(role, 'moderation.read'));
      expect(allowed.address, role).toBe(may(role, 'comment.address'));
      expect(allowed.takeStance, role).toBe(may(role, 'stance.set'));
    }
  });
});

describe('what a person reads when a comment action fails', () => {
  const t = (key: MessageKey, params?: Record<string, string | number>): string => translate('es', key, params);
  const tEn = (key: MessageKey, params?: Record<string, string | number>): string => translate('en', key, params);

  it('has its own sentence in both languages for every error id the comment routes answer', () => {
    const documented = [
      'rate-limited', 'anchor-mismatch', 'nested-reply', 'wrong-article', 'not-a-thread', 'already-flagged', 'not-flagged',
      'already-hidden', 'not-hidden', 'already-addressed', 'not-addressed', 'unknown-seq', 'invalid-body', 'bad-query',
      'bad-cursor', 'too-large', 'forbidden', 'unauthenticated', 'not-found', 'network', 'internal',
    ];
    for (const id of documented) expect(EXPLAINED_ERROR_IDS, id).toContain(id);
    const sentences = new Set<string>();
    for (const id of EXPLAINED_ERROR_IDS.filter((id) => !['bad-request', 'bad-json'].includes(id))) {
      const error = new ApiError(id, 400, 'server words');
      const explained = explainCommentError(error);
      expect(explained.key, id).not.toBe('comments.error.other');
      for (const lang of ['es', 'en'] as const) {
        const text = translate(lang, explained.key, explained.params);
        expect(text, `${id} ${lang}`).not.toMatch(/\{\w+\}/);
        expect(text).not.toContain('server words');
      }
      sentences.add(t(explained.key, explained.params));
    }
    // Distinct sentences: no two refusals read the same.
    expect(sentences.size).toBe(EXPLAINED_ERROR_IDS.length - 2);
  });

  it('says how long to wait after a rate limit, in words, and what to do without a Retry-After', () => {
    expect(commentErrorText(t, new ApiError('rate-limited', 429, 'x', 42))).toContain('42 s');
    expect(commentErrorText(tEn, new ApiError('rate-limited', 429, 'x', 150))).toContain('3 min');
    expect(commentErrorText(tEn, new ApiError('rate-limited', 429, 'x', 7_000))).toContain('2 h');
    expect(commentErrorText(t, new ApiError('rate-limited', 429, 'x', null))).toBe(t('comments.error.rate-limited.noWait'));
    expect(waitWords(0)).toEqual({ key: 'comments.wait.seconds', params: { count: 1 } });
  });

  it('falls back to the status and the server’s message for an id it does not know', () => {
    expect(commentErrorText(tEn, new ApiError('something-new', 418, 'teapot'))).toBe('Could not complete (418): teapot');
    expect(commentErrorText(tEn, new Error('boom'))).toBe('Could not complete (0): boom');
  });

  it('explains each body problem before anything is sent', () => {
    for (const problem of ['empty', 'too-long', 'control-character', 'malformed'] as const) {
      const { key } = explainBodyProblem(problem);
      expect(translate('es', key, { max: 5000 })).not.toBe(translate('en', key, { max: 5000 }));
    }
  });
});

function key(init: Partial<KeyInput> & { key: string }): KeyInput {
  return { code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...init };
}

describe('the comment shortcut', () => {
  it('is listed in the shortcut table, in its own group of the help panel, with the send and close keys', () => {
    const listed = SHORTCUTS.filter((shortcut) => shortcut.group === 'comments');
    expect(listed.map((shortcut) => shortcut.keys[0])).toEqual([COMMENT_KEYS, 'Mod-Enter', 'Escape']);
    expect(listed.every((shortcut) => shortcut.command === null)).toBe(true);
  });

  it('is Ctrl+Alt+M elsewhere and Cmd+Option+M on a Mac, by the key typed', () => {
    expect(isCommentShortcut(key({ key: 'm', code: 'KeyM', ctrlKey: true, altKey: true }), false)).toBe(true);
    expect(isCommentShortcut(key({ key: 'M', code: 'KeyM', ctrlKey: true, altKey: true }), false)).toBe(true);
    // Option changes the character on a Mac; with Cmd held the key itself is meant.
    expect(isCommentShortcut(key({ key: 'µ', code: 'KeyM', metaKey: true, altKey: true }), true)).toBe(true);
  });

  it('leaves AltGr+M (Ctrl+Alt to the browser) typing its character, and other combinations alone', () => {
    expect(isCommentShortcut(key({ key: 'µ', code: 'KeyM', ctrlKey: true, altKey: true }), false)).toBe(false);
    expect(isCommentShortcut(key({ key: 'm', code: 'KeyM' }), false)).toBe(false);
    expect(isCommentShortcut(key({ key: 'M', code: 'KeyM', ctrlKey: true, altKey: true, shiftKey: true }), false)).toBe(false);
    expect(isCommentShortcut(key({ key: 'm', code: 'KeyM', ctrlKey: true, altKey: true }), true)).toBe(false);
  });
});

describe('the comment REST calls', () => {
  function recorder(answer: (path: string) => { status: number; body: unknown; headers?: Record<string, string> }) {
    const calls: Array<{ path: string; method: string; body: unknown; auth: string | null }> = [];
    const fetchFn = async (input: string, init?: RequestInit): Promise<Response> => {
      const headers = new Headers(init?.headers);
      calls.push({ path: input, method: init?.method ?? 'GET', body: init?.body ? JSON.parse(String(init.body)) : undefined, auth: headers.get('Authorization') });
      const reply = answer(input);
      return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'Content-Type': 'application/json', ...reply.headers } });
    };
    return { calls, fetchFn };
  }
  const comment = { id: 'cmt_1', hidden: false, body: 'hola' };

  it('writes threads with their passage and replies with their thread, as the bearer of the token', async () => {
    const { calls, fetchFn } = recorder(() => ({ status: 201, body: comment }));
    const api = new CommentApi('tok', fetchFn);
    await api.create('cdmx', { articleUid: 'art13uid', body: 'hola', anchor: { start: 'AA', end: 'BB', quote: 'texto' } });
    await api.create('cdmx', { articleUid: 'art13uid', body: 'respuesta', parentId: 'cmt_1' });
    expect(calls).toEqual([
      { path: '/api/documents/cdmx/comments', method: 'POST', body: { articleUid: 'art13uid', body: 'hola', anchor: { start: 'AA', end: 'BB', quote: 'texto' } }, auth: 'Bearer tok' },
      { path: '/api/documents/cdmx/comments', method: 'POST', body: { articleUid: 'art13uid', body: 'respuesta', parentId: 'cmt_1' }, auth: 'Bearer tok' },
    ]);
  });

  it('pages threads and replies by cursor, and sends moderation and stances where the API says', async () => {
    const { calls, fetchFn } = recorder((path) => {
      if (path.includes('/stance')) return { status: 200, body: { support: 1, oppose: 0, mine: 'support' } };
      if (path.includes('/replies')) return { status: 200, body: { replies: [], total: 0, next: null } };
      if (path.includes('/comments?') || path.endsWith('/comments')) return { status: 200, body: { threads: [], total: 0, next: null } };
      if (path.startsWith('/api/moderation')) return { status: 200, body: { entries: [], total: 0, next: null } };
      return { status: 200, body: comment };
    });
    const api = new CommentApi(null, fetchFn);
    await api.threads('cdmx', 'u1', { after: 'cmt_9', limit: 60 });
    await api.replies('cmt_1', { after: 'cmt_2' });
    await api.flag('cmt_1', '');
    await api.moderate('cmt_1', 'hide', 'insulto');
    await api.moderate('cmt_1', 'keep', '');
    await api.address('cmt_1', { seq: 42 });
    await api.reopen('cmt_1', '');
    await api.setStance('cdmx', 'u1', null);
    await api.queue('cmt_3');
    expect(calls.map((call) => `${call.method} ${call.path} ${JSON.stringify(call.body ?? null)}`)).toEqual([
      'GET /api/documents/cdmx/articles/u1/comments?after=cmt_9&limit=60 null',
      'GET /api/comments/cmt_1/replies?after=cmt_2 null',
      'POST /api/comments/cmt_1/flag {}',
      'POST /api/comments/cmt_1/hide {"reason":"insulto"}',
      'POST /api/comments/cmt_1/keep {}',
      'POST /api/comments/cmt_1/address {"seq":42}',
      'POST /api/comments/cmt_1/reopen {}',
      'PUT /api/documents/cdmx/articles/u1/stance {"stance":null}',
      'GET /api/moderation/queue?after=cmt_3 null',
    ]);
  });

  it('hands a refusal over as its id, a rate limit with the seconds to wait', async () => {
    const limited = new CommentApi('tok', recorder(() => ({ status: 429, body: { error: 'rate-limited', message: 'slow down' }, headers: { 'Retry-After': '17' } })).fetchFn);
    const refusal = await limited.create('cdmx', { articleUid: 'u1', body: 'x' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).id).toBe('rate-limited');
    expect((refusal as ApiError).retryAfterSeconds).toBe(17);
    const nested = new CommentApi('tok', recorder(() => ({ status: 422, body: { error: 'nested-reply', message: 'one level' } })).fetchFn);
    await expect(nested.create('cdmx', { articleUid: 'u1', body: 'x', parentId: 'cmt_2' })).rejects.toMatchObject({ id: 'nested-reply', status: 422 });
  });
});
