import { afterEach, describe, expect, it } from 'vitest';
import { accountPageFromPath } from '../../client/accounts/account-route.ts';
import { emailProblem, enteredPasswordProblem, nameProblem, newPasswordProblem } from '../../client/accounts/field-checks.ts';
import { invitationCodeFromHash } from '../../client/accounts/invitation-code.ts';
import { fieldNamedBy, rateLimitMessage, refusalMessage } from '../../client/accounts/refusal-message.ts';
import { AccountApi, parseCreatedInvitation, parseInvitationSummary } from '../../client/session/account-api.ts';
import { ApiError, fetchMe, requestJson, retryAfterSeconds } from '../../client/session/api-client.ts';
import { csrfToken, rememberCsrfToken } from '../../client/session/csrf-token.ts';
import { accountPageAddress, returnPathFromSearch, safeReturnPath, signInAddress } from '../../client/session/return-path.ts';

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

/** A fetch that records what it was asked and answers `status` with `body`. */
function recorder(status: number, body: unknown, headers: Record<string, string> = {}): { fetch: (url: string, init?: RequestInit) => Promise<Response>; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: async (url, init) => {
      sent.push({
        url,
        method: init?.method ?? 'GET',
        headers: new Headers(init?.headers),
        credentials: init?.credentials,
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      });
      return new Response(status === 204 ? null : JSON.stringify(body), { status, headers });
    },
  };
}

const ME = { id: 'u1', name: 'Ana Ruiz', role: 'citizen', color: '#1f77b4', canEdit: false };

afterEach(() => rememberCsrfToken(null));

describe('where a person goes after signing in', () => {
  it('follows a path on this site, with its query and fragment', () => {
    expect(safeReturnPath('/d/cdmx/history')).toBe('/d/cdmx/history');
    expect(safeReturnPath('/d/cdmx?article=a1#x')).toBe('/d/cdmx?article=a1#x');
    expect(returnPathFromSearch('?next=%2Fd%2Fborrador')).toBe('/d/borrador');
  });

  it('never leaves the site, and never goes back to a sign-in page', () => {
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'd/cdmx', '', '/\u0000x', '/signin', '/signup/', '/invite']) {
      expect(safeReturnPath(next), next).toBe('/');
    }
    expect(safeReturnPath(null)).toBe('/');
    expect(returnPathFromSearch('?next=https%3A%2F%2Fevil.example')).toBe('/');
  });

  it('is carried by the sign-in page’s address, with whether the sign-in ended', () => {
    expect(signInAddress('/d/cdmx/history')).toBe('/signin?next=%2Fd%2Fcdmx%2Fhistory');
    expect(signInAddress('/')).toBe('/signin');
    expect(signInAddress('/', { expired: true })).toBe('/signin?expired=1');
    expect(accountPageAddress('/signup', '/d/cdmx')).toBe('/signup?next=%2Fd%2Fcdmx');
    expect(accountPageAddress('/signin', '/')).toBe('/signin');
  });
});

describe('the account pages’ addresses', () => {
  it('name the page, with or without a final slash', () => {
    expect(accountPageFromPath('/signin')).toBe('signin');
    expect(accountPageFromPath('/signup/')).toBe('signup');
    expect(accountPageFromPath('/invite')).toBe('invite');
    expect(accountPageFromPath('/')).toBeNull();
    expect(accountPageFromPath('/signin/x')).toBeNull();
  });

  it('read the invitation code from the fragment only', () => {
    expect(invitationCodeFromHash('#code=abc123')).toBe('abc123');
    expect(invitationCodeFromHash('#x=1&code=%20abc%20')).toBe('abc');
    expect(invitationCodeFromHash('')).toBeNull();
    expect(invitationCodeFromHash('#code=')).toBeNull();
  });
});

describe('the forms’ own checks', () => {
  it('want a whole email address', () => {
    expect(emailProblem('')?.key).toBe('account.error.emailMissing');
    expect(emailProblem('ana')?.key).toBe('account.error.emailInvalid');
    expect(emailProblem('ana@ejemplo')?.key).toBe('account.error.emailInvalid');
    expect(emailProblem(' ana@ejemplo.mx ')).toBeNull();
    expect(emailProblem(`${'a'.repeat(250)}@x.mx`)?.key).toBe('account.error.emailInvalid');
  });

  it('want a name of 1 to 80 characters, spaces around it not counted', () => {
    expect(nameProblem('   ')?.key).toBe('account.error.nameMissing');
    expect(nameProblem(` ${'n'.repeat(80)} `)).toBeNull();
    expect(nameProblem('n'.repeat(81))).toEqual({ key: 'account.error.nameTooLong', params: { max: 80, length: 81 } });
  });

  it('want a new password of 10 to 200 characters, and say how long it is', () => {
    expect(newPasswordProblem('')?.key).toBe('account.error.passwordMissing');
    expect(newPasswordProblem('corta')).toEqual({ key: 'account.error.passwordTooShort', params: { min: 10, length: 5 } });
    expect(newPasswordProblem('una frase larga')).toBeNull();
    expect(newPasswordProblem('x'.repeat(201))).toEqual({ key: 'account.error.passwordTooLong', params: { max: 200, length: 201 } });
    // Signing in only needs a password: the rules are for new ones.
    expect(enteredPasswordProblem('corta')).toBeNull();
    expect(enteredPasswordProblem('')?.key).toBe('account.error.passwordMissing');
  });
});

describe('refusals in the person’s words', () => {
  const fields = { email: { key: 'account.error.emailInvalid' as const }, password: { key: 'account.error.passwordTooShort' as const } };

  it('say a wrong password for the form as a whole, or beside the field that asked for it', () => {
    const wrong = new ApiError('bad-credentials', 401, 'wrong');
    expect(refusalMessage(wrong, fields)).toEqual({ field: null, message: { key: 'account.error.badCredentials' } });
    expect(refusalMessage(wrong, fields, { field: 'current', message: { key: 'account.error.currentWrong' } }).field).toBe('current');
  });

  it('say how long to wait after too many attempts', () => {
    expect(refusalMessage(new ApiError('rate-limited', 429, 'slow down', 30)).message).toEqual({ key: 'account.error.rateLimited.seconds', params: { seconds: 30 } });
    expect(rateLimitMessage(900)).toEqual({ key: 'account.error.rateLimited.minutes', params: { minutes: 15 } });
    expect(rateLimitMessage(119).key).toBe('account.error.rateLimited.seconds');
    expect(rateLimitMessage(null).key).toBe('account.error.rateLimited.moment');
  });

  it('put a refused field’s message beside that field', () => {
    expect(fieldNamedBy('password: at least 10 characters')).toBe('password');
    expect(fieldNamedBy('me.email: bad')).toBe('me');
    expect(fieldNamedBy('Unrecognized key: "x"')).toBeNull();
    expect(refusalMessage(new ApiError('invalid-body', 400, 'password: at least 10 characters'), fields)).toEqual({ field: 'password', message: fields.password });
    expect(refusalMessage(new ApiError('email-taken', 409, 'taken'), fields)).toEqual({ field: 'email', message: { key: 'account.error.emailTaken' } });
    const unknown = refusalMessage(new ApiError('invalid-body', 400, 'code: too long'), fields);
    expect(unknown).toEqual({ field: null, message: { key: 'account.error.fieldRefused', params: { message: 'code: too long' } } });
  });

  it('word the rest without the server’s English', () => {
    expect(refusalMessage(new ApiError('network', 0, 'Failed to fetch')).message.key).toBe('account.error.network');
    expect(refusalMessage(new ApiError('csrf', 403, 'no token')).message.key).toBe('account.error.csrf');
    expect(refusalMessage(new ApiError('internal', 500, 'boom')).message).toEqual({ key: 'account.error.server', params: { status: 500 } });
    expect(refusalMessage(new ApiError('invitation-used', 410, 'used')).message.key).toBe('account.invite.used');
  });
});

describe('requests signed in by the session cookie', () => {
  it('send the cookie, and the CSRF token with writes only', async () => {
    rememberCsrfToken('csrf-1');
    const server = recorder(200, {});
    await requestJson(server.fetch, '/api/x');
    await requestJson(server.fetch, '/api/x', { method: 'POST', body: { a: 1 } });
    expect(server.sent.map((s) => s.credentials)).toEqual(['same-origin', 'same-origin']);
    expect(server.sent[0]?.headers.get('X-CSRF-Token')).toBeNull();
    expect(server.sent[1]?.headers.get('X-CSRF-Token')).toBe('csrf-1');
    expect(server.sent[1]?.headers.get('Authorization')).toBeNull();
  });

  it('send a sign-in link’s token instead, without the CSRF token', async () => {
    rememberCsrfToken('csrf-1');
    const server = recorder(200, {});
    await requestJson(server.fetch, '/api/x', { method: 'POST', token: 'tok', body: {} });
    expect(server.sent[0]?.headers.get('Authorization')).toBe('Bearer tok');
    expect(server.sent[0]?.headers.get('X-CSRF-Token')).toBeNull();
  });

  it('keep the CSRF token /api/me gives a cookie session (and not a token’s answer)', async () => {
    await fetchMe(null, recorder(200, { ...ME, csrfToken: 'csrf-me' }).fetch);
    expect(csrfToken()).toBe('csrf-me');
    await fetchMe('tok', recorder(200, { ...ME }).fetch);
    expect(csrfToken()).toBe('csrf-me');
  });

  it('tell a wrong password (401 bad-credentials) from an ended session, and read Retry-After', async () => {
    await expect(requestJson(recorder(401, { error: 'bad-credentials', message: 'no' }).fetch, '/api/auth/login', { method: 'POST', body: {} })).rejects.toMatchObject({ id: 'bad-credentials', status: 401 });
    await expect(requestJson(recorder(401, { error: 'session-expired', message: 'no' }).fetch, '/api/me')).rejects.toMatchObject({ id: 'unauthenticated' });
    await expect(requestJson(recorder(429, { error: 'rate-limited', message: 'wait' }, { 'Retry-After': '42' }).fetch, '/api/auth/login', { method: 'POST', body: {} })).rejects.toMatchObject({
      id: 'rate-limited',
      retryAfterSeconds: 42,
    });
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60);
    expect(retryAfterSeconds('soon')).toBeNull();
  });
});

describe('the account calls', () => {
  it('sign in, keep the session’s CSRF token, and send it when signing out', async () => {
    const signIn = recorder(200, { me: { ...ME, csrfToken: 'csrf-2' } });
    const me = await new AccountApi(null, signIn.fetch).signIn({ email: 'ana@ejemplo.mx', password: 'una frase larga' });
    expect(me.name).toBe('Ana Ruiz');
    expect(signIn.sent[0]).toMatchObject({ url: '/api/auth/login', method: 'POST', body: { email: 'ana@ejemplo.mx', password: 'una frase larga' } });
    expect(csrfToken()).toBe('csrf-2');
    const signOut = recorder(204, null);
    await new AccountApi(null, signOut.fetch).signOut();
    expect(signOut.sent[0]?.headers.get('X-CSRF-Token')).toBe('csrf-2');
    expect(csrfToken()).toBeNull();
  });

  it('refuse an answer that is not a signed-in person', async () => {
    await expect(new AccountApi(null, recorder(201, { ok: true }).fetch).signUp({ email: 'a@b.mx', name: 'A', password: 'x'.repeat(10) })).rejects.toMatchObject({ id: 'bad-response' });
  });

  it('create an invitation with the admin’s token, and make its link absolute', async () => {
    const server = recorder(201, { id: 'i1', role: 'member', url: '/invite#code=abc', expiresAt: 1_700_000_000_000 });
    const created = await new AccountApi('admin-token', server.fetch, 'https://carta.example').createInvitation({ role: 'member', name: 'Mara' });
    expect(created).toEqual({ id: 'i1', role: 'member', url: 'https://carta.example/invite#code=abc', expiresAt: 1_700_000_000_000 });
    expect(server.sent[0]?.headers.get('Authorization')).toBe('Bearer admin-token');
    expect(server.sent[0]?.body).toEqual({ role: 'member', name: 'Mara' });
  });

  it('read an invitation, with or without a name for the invitee', () => {
    expect(parseInvitationSummary({ role: 'auditor', name: null, expiresAt: 5 })).toEqual({ role: 'auditor', name: '', expiresAt: 5 });
    expect(parseInvitationSummary({ role: 'member', name: 'Mara', expiresAt: '1970-01-01T00:00:01Z' })).toEqual({ role: 'member', name: 'Mara', expiresAt: 1000 });
    expect(() => parseInvitationSummary({ role: 'king', expiresAt: 5 })).toThrow(ApiError);
    expect(() => parseCreatedInvitation({ id: 'i', role: 'member', url: '/invite#code=x', expiresAt: 'never' }, 'http://h')).toThrow(ApiError);
  });

  it('ask for an invitation by its code, escaped', async () => {
    const server = recorder(200, { role: 'member', name: 'Mara', expiresAt: 5 });
    await new AccountApi(null, server.fetch).invitation('a/b c');
    expect(server.sent[0]?.url).toBe('/api/invitations/a%2Fb%20c');
  });
});
