/**
 * Accounts over real HTTP against a real server: signing up, in and out, changing the password,
 * invitations, the session cookie and its CSRF protection, limits on failed sign-ins, sessions
 * that expire, the websocket signed in by the cookie, the policy refusing over REST and websocket
 * alike, and the audit events all of it leaves. The server's accounts run on a clock the tests
 * move forward (sessions and invitations expire in days).
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode, TERMINAL_CLOSE_CODES } from '../../shared/protocol/close-codes.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { secretCodeHash } from '../../server/auth/secret-codes.ts';
import { databasePath, openSqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import { waitFor } from '../support/collab-client.ts';
import { article, epigrafe } from '../support/legal-y-doc.ts';
import { startTestServer, tempDataDir, type TestServer } from '../support/test-server.ts';

const DAY = 86_400_000;
const FOREIGN = 'https://elsewhere.example';

let server: TestServer;
let clockOffset = 0;
let admin: string;
let articleUid: string;

beforeAll(async () => {
  server = await startTestServer({ now: () => Date.now() + clockOffset });
  admin = await server.token('admin', 'Administración');
  const outline = (await (await fetch(`${server.url}/api/documents/cdmx/articles`, { headers: { authorization: `Bearer ${admin}` } })).json()) as Array<{ uid: string }>;
  articleUid = outline[12]?.uid ?? '';
});

afterAll(async () => {
  await server.stop();
  server.cleanup();
});

interface Answer {
  status: number;
  body: Record<string, unknown> | null;
  headers: Headers;
}

/**
 * A browser's view of the API: it keeps the session cookie the server sets, sends its own origin
 * (as browsers do) and, once it knows it, the session's CSRF token with writes. Each knob can be
 * turned off to play a forged request.
 */
class Browser {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(private readonly base: () => string) {}

  async call(method: string, path: string, body?: unknown, options: { origin?: string | null; csrf?: string | null; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    const origin = options.origin === undefined ? this.base() : options.origin;
    if (origin !== null) headers.origin = origin;
    if (this.cookie) headers.cookie = `theme=dark; carta_session=${this.cookie}`;
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (csrf !== null && method !== 'GET') headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base()}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    for (const cookie of res.headers.getSetCookie()) {
      const value = /^carta_session=([^;]*)/.exec(cookie)?.[1];
      if (value !== undefined) this.cookie = value === '' ? null : value;
    }
    const text = await res.text();
    const parsed = text === '' ? null : (JSON.parse(text) as Record<string, unknown>);
    const me = parsed?.me as { csrfToken?: string } | undefined;
    if (me?.csrfToken) this.csrf = me.csrfToken;
    return { status: res.status, body: parsed, headers: res.headers };
  }
}

const browser = (): Browser => new Browser(() => server.url);

let emails = 0;
/** A fresh address for each person (the mixed case checks that addresses are compared lowercased). */
const freshEmail = (): string => `Persona${++emails}@Ejemplo.MX`;

async function signUp(who: Browser, email = freshEmail(), password = 'una clave bastante larga'): Promise<{ email: string; password: string; me: Record<string, unknown> }> {
  const res = await who.call('POST', '/api/auth/signup', { email, name: 'Ciudadana Uno', password });
  expect(res.status).toBe(201);
  return { email, password, me: res.body?.me as Record<string, unknown> };
}

async function invite(role: 'member' | 'auditor' | 'admin', name?: string): Promise<string> {
  const res = await fetch(`${server.url}/api/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role, ...(name ? { name } : {}) }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { url: string };
  return body.url.replace('/invite#code=', '');
}

async function joinAs(role: 'member' | 'auditor' | 'admin'): Promise<Browser> {
  const code = await invite(role);
  const who = browser();
  const res = await who.call('POST', '/api/invitations/accept', { code, email: freshEmail(), name: `Invitada ${role}`, password: 'otra clave muy larga' });
  expect(res.status).toBe(201);
  return who;
}

describe('signing up', () => {
  it('creates a citizen, signs them in with an HttpOnly, SameSite=Lax cookie and answers who they are with a CSRF token', async () => {
    const who = browser();
    const res = await who.call('POST', '/api/auth/signup', { email: '  Luz.Maria@Ejemplo.MX ', name: '  Luz María  ', password: 'una clave bastante larga' });
    expect(res.status).toBe(201);
    const me = res.body?.me as Record<string, unknown>;
    expect(me).toMatchObject({ name: 'Luz María', role: 'citizen', canEdit: false });
    expect(me.id).toMatch(/^usr_/);
    expect(me.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^carta_session=[A-Za-z0-9_-]{43}; /);
    const attributes = (cookie ?? '').split('; ').slice(1);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax']));
    // As long as the session: 14 days by default (less the moments the answer took).
    const maxAge = Number(attributes.find((a) => a.startsWith('Max-Age='))?.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(14 * 86400 - 10);
    expect(maxAge).toBeLessThanOrEqual(14 * 86400);
    // Served over plain http, the cookie cannot be Secure (the browser would drop it).
    expect(attributes).not.toContain('Secure');

    const again = await who.call('GET', '/api/me');
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...me });
    // The address is kept trimmed and lowercased: any spelling of it signs in.
    expect((await browser().call('POST', '/api/auth/login', { email: 'luz.maria@ejemplo.mx', password: 'una clave bastante larga' })).status).toBe(200);
  });

  it('marks the cookie Secure when the request came over https (through a proxy that says so)', async () => {
    const res = await browser().call('POST', '/api/auth/signup', { email: freshEmail(), name: 'Segura', password: 'una clave bastante larga' }, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie()[0]).toMatch(/; Secure(;|$)/);
  });

  it('refuses a malformed body with invalid-body naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: 'sin-arroba.mx', name: 'A', password: 'una clave bastante larga' }, 'email'],
      [{ email: `${'a'.repeat(250)}@e.mx`, name: 'A', password: 'una clave bastante larga' }, 'email'],
      [{ email: 'a@e.mx', name: '   ', password: 'una clave bastante larga' }, 'name'],
      [{ email: 'a@e.mx', name: 'n'.repeat(81), password: 'una clave bastante larga' }, 'name'],
      [{ email: 'a@e.mx', name: 'A', password: 'corta' }, 'password'],
      [{ email: 'a@e.mx', name: 'A', password: 'x'.repeat(201) }, 'password'],
      [{ email: 'a@e.mx', name: 'A' }, 'password'],
    ];
    for (const [body, field] of cases) {
      const res = await browser().call('POST', '/api/auth/signup', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid-body' });
      expect(String(res.body?.message)).toMatch(new RegExp(`^${field}`));
    }
    const extra = await browser().call('POST', '/api/auth/signup', { email: 'a@e.mx', name: 'A', password: 'una clave bastante larga', role: 'admin' });
    expect(extra).toMatchObject({ status: 400, body: { error: 'invalid-body' } });
  });

  it('refuses an address that already has an account, however it is spelt (409 email-taken)', async () => {
    const { email } = await signUp(browser());
    const res = await browser().call('POST', '/api/auth/signup', { email: email.toUpperCase(), name: 'Otra', password: 'una clave bastante larga' });
    expect(res).toMatchObject({ status: 409, body: { error: 'email-taken' } });
  });
});

describe('signing in and out', () => {
  it('signs in with the right password and refuses a wrong one and an unknown address alike', async () => {
    const { email, password } = await signUp(browser());
    const who = browser();
    const ok = await who.call('POST', '/api/auth/login', { email, password });
    expect(ok.status).toBe(200);
    expect(ok.body?.me).toMatchObject({ role: 'citizen', csrfToken: expect.any(String) });
    expect(who.cookie).not.toBeNull();

    const wrong = await browser().call('POST', '/api/auth/login', { email, password: 'no es la clave' });
    const unknown = await browser().call('POST', '/api/auth/login', { email: 'nadie@ejemplo.mx', password: 'no es la clave' });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'bad-credentials' } });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('signs out: 204, the session row is deleted and the cookie cleared', async () => {
    const who = browser();
    await signUp(who);
    const sessionId = who.cookie ?? '';
    expect(await server.carta.store.accounts.session(secretCodeHash(sessionId))).not.toBeNull();
    const res = await who.call('POST', '/api/auth/logout', {});
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()[0]).toMatch(/^carta_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax/);
    expect(await server.carta.store.accounts.session(secretCodeHash(sessionId))).toBeNull();
    // The old cookie signs no one in any more.
    const stale = new Browser(() => server.url);
    stale.cookie = sessionId;
    expect(await stale.call('GET', '/api/me')).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
  });

  it('changes the password: the other sessions end, this one stays, and only the new password works', async () => {
    const here = browser();
    const { email, password } = await signUp(here);
    const there = browser();
    expect((await there.call('POST', '/api/auth/login', { email, password })).status).toBe(200);

    const wrong = await here.call('POST', '/api/auth/password', { current: 'no es la clave', next: 'la clave nueva y larga' });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'bad-credentials' } });
    const short = await here.call('POST', '/api/auth/password', { current: password, next: 'corta' });
    expect(short).toMatchObject({ status: 400, body: { error: 'invalid-body' } });
    expect(String(short.body?.message)).toMatch(/^next/);

    expect((await here.call('POST', '/api/auth/password', { current: password, next: 'la clave nueva y larga' })).status).toBe(204);
    expect((await here.call('GET', '/api/me')).status).toBe(200);
    expect((await there.call('GET', '/api/me')).status).toBe(401);
    expect((await browser().call('POST', '/api/auth/login', { email, password })).status).toBe(401);
    expect((await browser().call('POST', '/api/auth/login', { email, password: 'la clave nueva y larga' })).status).toBe(200);
  });

  it('keeps bearer tokens working beside cookies, for scripts and sign-in links', async () => {
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${admin}` } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ role: 'admin' });
    // No cookie session, so no CSRF token: a script needs none.
    expect(body).not.toHaveProperty('csrfToken');
  });

  it('ends a session when its lifetime is over: refused (401) and deleted', async () => {
    const who = browser();
    await signUp(who);
    const sessionId = who.cookie ?? '';
    clockOffset = 14 * DAY + 60_000;
    try {
      expect(await who.call('GET', '/api/me')).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
      expect(await server.carta.store.accounts.session(secretCodeHash(sessionId))).toBeNull();
    } finally {
      clockOffset = 0;
    }
    expect((await who.call('GET', '/api/me')).status).toBe(401);
  });
});

describe('cross-site request forgery', () => {
  it('refuses a write by cookie without the CSRF token, with a wrong one, or from another origin', async () => {
    const who = browser();
    await signUp(who);
    const stance = `/api/documents/cdmx/articles/${articleUid}/stance`;
    expect(await who.call('PUT', stance, { stance: 'support' }, { csrf: null })).toMatchObject({ status: 403, body: { error: 'csrf' } });
    expect(await who.call('PUT', stance, { stance: 'support' }, { csrf: 'A'.repeat(43) })).toMatchObject({ status: 403, body: { error: 'csrf' } });
    expect(await who.call('PUT', stance, { stance: 'support' }, { origin: FOREIGN })).toMatchObject({ status: 403, body: { error: 'csrf' } });
    expect(await who.call('POST', '/api/auth/logout', {}, { csrf: null })).toMatchObject({ status: 403, body: { error: 'csrf' } });
    expect(await who.call('POST', '/api/auth/password', { current: 'x', next: 'y'.repeat(12) }, { origin: 'null' })).toMatchObject({ status: 403, body: { error: 'csrf' } });
    // Nothing was written.
    expect((await who.call('GET', stance)).body).toMatchObject({ support: 0, mine: null });

    // With the token and its own origin (or none, as a non-browser client sends) the write goes through.
    expect((await who.call('PUT', stance, { stance: 'support' })).status).toBe(200);
    expect((await who.call('PUT', stance, { stance: 'oppose' }, { origin: null })).status).toBe(200);
    // Reads need no token.
    expect((await who.call('GET', '/api/me', undefined, { csrf: null })).status).toBe(200);
  });

  it('lets a request with a bearer token write without a CSRF token, whatever its origin', async () => {
    const res = await fetch(`${server.url}/api/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', origin: FOREIGN },
      body: JSON.stringify({ role: 'auditor' }),
    });
    expect(res.status).toBe(201);
  });

  it('refuses sign-up, sign-in and accepting an invitation from another origin', async () => {
    const email = freshEmail();
    expect(await browser().call('POST', '/api/auth/signup', { email, name: 'X', password: 'una clave bastante larga' }, { origin: FOREIGN })).toMatchObject({ status: 403, body: { error: 'csrf' } });
    const { password } = await signUp(browser(), email);
    expect(await browser().call('POST', '/api/auth/login', { email, password }, { origin: FOREIGN })).toMatchObject({ status: 403, body: { error: 'csrf' } });
    const code = await invite('member');
    expect(await browser().call('POST', '/api/invitations/accept', { code, email: freshEmail(), name: 'X', password: 'una clave bastante larga' }, { origin: FOREIGN })).toMatchObject({
      status: 403,
      body: { error: 'csrf' },
    });
    // The refused acceptance did not spend the code.
    expect((await browser().call('GET', `/api/invitations/${code}`)).status).toBe(200);
  });
});

describe('invitations', () => {
  it('lets an admin invite; the invitee sees the role, accepts once and is signed in with it', async () => {
    const created = await fetch(`${server.url}/api/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'member', name: 'Ana Pérez', email: 'ana@ejemplo.mx' }),
    });
    expect(created.status).toBe(201);
    const invitation = (await created.json()) as { id: string; role: string; url: string; expiresAt: number };
    expect(invitation).toMatchObject({ id: expect.stringMatching(/^inv_/), role: 'member', url: expect.stringMatching(/^\/invite#code=[A-Za-z0-9_-]{43}$/) });
    expect(Math.abs(invitation.expiresAt - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
    const code = invitation.url.slice('/invite#code='.length);

    const preview = await browser().call('GET', `/api/invitations/${code}`);
    expect(preview).toMatchObject({ status: 200, body: { role: 'member', name: 'Ana Pérez', expiresAt: invitation.expiresAt } });

    const ana = browser();
    const accepted = await ana.call('POST', '/api/invitations/accept', { code, email: 'Ana@Ejemplo.mx', name: 'Ana Pérez', password: 'la clave de ana, larga' });
    expect(accepted.status).toBe(201);
    expect(accepted.body?.me).toMatchObject({ name: 'Ana Pérez', role: 'member', canEdit: true, csrfToken: expect.any(String) });
    expect(accepted.headers.getSetCookie()[0]).toMatch(/^carta_session=/);
    expect((await ana.call('GET', '/api/me')).body).toMatchObject({ role: 'member' });

    // Used once: neither shown nor accepted again.
    expect(await browser().call('GET', `/api/invitations/${code}`)).toMatchObject({ status: 410, body: { error: 'invitation-used' } });
    expect(await browser().call('POST', '/api/invitations/accept', { code, email: freshEmail(), name: 'Otra', password: 'una clave bastante larga' })).toMatchObject({
      status: 410,
      body: { error: 'invitation-used' },
    });
    // The member signs in again later with the password chosen.
    expect((await browser().call('POST', '/api/auth/login', { email: 'ana@ejemplo.mx', password: 'la clave de ana, larga' })).body?.me).toMatchObject({ role: 'member' });
  });

  it('answers 404 for an unknown code and 410 invitation-expired after seven days', async () => {
    expect(await browser().call('GET', `/api/invitations/${'A'.repeat(43)}`)).toMatchObject({ status: 404, body: { error: 'not-found' } });
    expect((await browser().call('GET', '/api/invitations/not-a-code')).status).toBe(404);
    const code = await invite('auditor', 'Auditoría');
    clockOffset = 7 * DAY + 60_000;
    try {
      expect(await browser().call('GET', `/api/invitations/${code}`)).toMatchObject({ status: 410, body: { error: 'invitation-expired' } });
      expect(await browser().call('POST', '/api/invitations/accept', { code, email: freshEmail(), name: 'Tarde', password: 'una clave bastante larga' })).toMatchObject({
        status: 410,
        body: { error: 'invitation-expired' },
      });
    } finally {
      clockOffset = 0;
    }
  });

  it('lets only admins invite (policy invitation.create), by token or by cookie with its CSRF token', async () => {
    const citizen = browser();
    await signUp(citizen);
    expect(await citizen.call('POST', '/api/invitations', { role: 'member' })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const member = await joinAs('member');
    expect(await member.call('POST', '/api/invitations', { role: 'member' })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const auditor = await joinAs('auditor');
    expect(await auditor.call('POST', '/api/invitations', { role: 'member' })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const memberToken = await server.token('member');
    const byToken = await fetch(`${server.url}/api/invitations`, { method: 'POST', headers: { authorization: `Bearer ${memberToken}`, 'content-type': 'application/json' }, body: '{"role":"member"}' });
    expect(byToken.status).toBe(403);
    expect((await browser().call('POST', '/api/invitations', { role: 'member' })).status).toBe(401);

    const newAdmin = await joinAs('admin');
    expect(await newAdmin.call('POST', '/api/invitations', { role: 'citizen' })).toMatchObject({ status: 400, body: { error: 'invalid-body' } });
    const made = await newAdmin.call('POST', '/api/invitations', { role: 'auditor' });
    expect(made).toMatchObject({ status: 201, body: { role: 'auditor' } });
  });
});

describe('npm run carta -- user invite', () => {
  const run = promisify(execFile);
  const carta = (...args: string[]) =>
    run('npm', ['run', '--silent', 'carta', '--', ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, CARTA_DATA_DIR: server.dataDir, CARTA_PUBLIC_URL: 'https://carta.example.mx/' },
    });

  it('prints an absolute invitation link alone on the first line, which the server accepts', async () => {
    const { stdout } = await carta('user', 'invite', '--role', 'member', '--name', 'Comisionada X');
    const [url, expiry] = stdout.trim().split('\n');
    expect(url).toMatch(/^https:\/\/carta\.example\.mx\/invite#code=[A-Za-z0-9_-]{43}$/);
    expect(expiry).toMatch(/^expires \d{4}-/);
    const code = (url ?? '').split('#code=')[1] ?? '';
    expect((await browser().call('GET', `/api/invitations/${code}`)).body).toMatchObject({ role: 'member', name: 'Comisionada X' });
    const events = await server.carta.store.listAudit(0, 100_000);
    expect(events.filter((e) => e.action === 'invitation.create').at(-1)).toMatchObject({ actorId: 'system', detail: { role: 'member' } });
  });

  it('documents itself and refuses a role that is not invited', async () => {
    expect((await carta('user', 'invite', '--help')).stdout).toMatch(/carta user invite --role member\|auditor\|admin/);
    await expect(carta('user', 'invite', '--role', 'citizen')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--role must be one of/) });
  });
});

describe('the policy, over REST and the websocket, for people signed in by cookie', () => {
  it('refuses over REST what the table refuses (403) and allows what it allows', async () => {
    const citizen = browser();
    await signUp(citizen);
    const member = await joinAs('member');
    const auditor = await joinAs('auditor');
    const version = { name: 'Versión de prueba' };
    expect(await citizen.call('POST', '/api/documents/cdmx/versions', version)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await auditor.call('POST', '/api/documents/cdmx/versions', version)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await member.call('POST', '/api/documents/cdmx/versions', version)).status).toBe(201);
    expect((await citizen.call('GET', '/api/audit?limit=1')).status).toBe(403);
    expect((await auditor.call('GET', '/api/audit?limit=1')).status).toBe(200);
  });

  /** A y-websocket client whose socket sends the browser's cookie and origin. */
  function cookieClient(who: Browser, origin: string | null): { doc: Y.Doc; provider: WebsocketProvider; closeCodes: number[]; synced: Promise<void> } {
    const headers: Record<string, string> = { cookie: `carta_session=${who.cookie ?? ''}` };
    if (origin !== null) headers.origin = origin;
    class BrowserSocket extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols ?? [], { headers });
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server.wsBase, 'cdmx', doc, {
      WebSocketPolyfill: BrowserSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 300,
      shouldReconnect: (event: CloseEvent) => !TERMINAL_CLOSE_CODES.has(event.code),
    });
    const closeCodes: number[] = [];
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closeCodes.push(event.code);
    });
    const synced = new Promise<void>((resolve) => provider.on('sync', (isSynced: boolean) => isSynced && resolve()));
    return { doc, provider, closeCodes, synced };
  }

  /** A raw upgrade with these headers; resolves with the close code the server sends. */
  function closeCodeOf(headers: Record<string, string>): Promise<number> {
    const ws = new WebSocket(`${server.wsBase}/cdmx`, { headers });
    return new Promise((resolve, reject) => {
      ws.on('close', (code) => resolve(code));
      ws.on('error', reject);
    });
  }

  it('accepts the session cookie on the websocket: a member edits, a citizen reads and is refused a change (4403)', async () => {
    const member = await joinAs('member');
    const citizen = browser();
    await signUp(citizen);
    const writer = cookieClient(member, server.url);
    const reader = cookieClient(citizen, server.url);
    try {
      await Promise.all([writer.synced, reader.synced]);
      const fragment = writer.doc.getXmlFragment(PROSEMIRROR_FRAGMENT);
      epigrafe(article(fragment, 5)).insert(0, 'Por cookie: ');
      const readerFragment = reader.doc.getXmlFragment(PROSEMIRROR_FRAGMENT);
      await waitFor(() => epigrafe(article(readerFragment, 5)).toString().startsWith('Por cookie: '), 10_000, 'the citizen to see the edit');
      expect(writer.closeCodes).toEqual([]);

      epigrafe(article(readerFragment, 6)).insert(0, 'NO ');
      await waitFor(() => reader.closeCodes.includes(CloseCode.forbidden), 10_000, 'the citizen to be refused (4403)');
      expect(epigrafe(article(fragment, 6)).toString().startsWith('NO ')).toBe(false);
    } finally {
      writer.provider.destroy();
      reader.provider.destroy();
    }
  });

  it('refuses a cookie sent from another origin (4403), and an unknown or ended session (4401)', async () => {
    const member = await joinAs('member');
    const cookie = `carta_session=${member.cookie ?? ''}`;
    expect(await closeCodeOf({ cookie, origin: FOREIGN })).toBe(CloseCode.forbidden);
    expect(await closeCodeOf({ cookie: `carta_session=${'B'.repeat(43)}`, origin: server.url })).toBe(CloseCode.unauthenticated);
    expect(await closeCodeOf({ origin: server.url })).toBe(CloseCode.unauthenticated);
    await member.call('POST', '/api/auth/logout', {});
    expect(await closeCodeOf({ cookie, origin: server.url })).toBe(CloseCode.unauthenticated);
  });
});

describe('the audit log', () => {
  it('records every account event with its actor and subject, and never an address or a password', async () => {
    const start = (await server.carta.store.auditHead()).count;
    const who = browser();
    const { email, password, me } = await signUp(who, freshEmail(), 'clave secreta de auditoría');
    const userId = String(me.id);
    await browser().call('POST', '/api/auth/login', { email, password });
    await who.call('POST', '/api/auth/password', { current: password, next: 'clave nueva de auditoría' });
    await who.call('POST', '/api/auth/logout', {});
    const code = await invite('auditor', 'Auditora');
    const invited = browser();
    const accepted = await invited.call('POST', '/api/invitations/accept', { code, email: 'auditora@ejemplo.mx', name: 'Auditora', password: 'clave de la auditora' });
    const auditorId = String((accepted.body?.me as { id: string }).id);

    const events = await server.carta.store.listAudit(start, 100);
    const adminId = (await server.carta.store.findUser('Administración', 'admin'))?.id;
    const summary = events.filter((e) => /^(auth|invitation)\./.test(e.action)).map((e) => [e.action, e.actorId, e.subject]);
    expect(summary).toEqual([
      ['auth.signup', userId, userId],
      ['auth.signin', userId, userId],
      ['auth.password', userId, userId],
      ['auth.signout', userId, userId],
      ['invitation.create', adminId, expect.stringMatching(/^inv_/)],
      ['invitation.accept', auditorId, auditorId],
    ]);
    expect(events.find((e) => e.action === 'auth.password')?.detail).toEqual({ endedSessions: 1 });
    expect(events.find((e) => e.action === 'invitation.accept')?.detail).toMatchObject({ role: 'auditor', invitationId: expect.stringMatching(/^inv_/) });
    const everything = JSON.stringify(events).toLowerCase();
    for (const secret of [email.toLowerCase(), 'auditora@ejemplo.mx', password, 'clave nueva de auditoría', 'clave de la auditora', code, who.cookie ?? 'no-cookie']) {
      expect(everything).not.toContain(secret.toLowerCase());
    }
  });
});

describe('limits on failed sign-ins', () => {
  let limited: TestServer;
  let offset = 0;

  beforeAll(async () => {
    limited = await startTestServer({ now: () => Date.now() + offset, accounts: { sessionDays: 14, signIn: { perEmail: 3, perIp: 5, windowMs: 15 * 60_000 } } });
  });

  afterAll(async () => {
    await limited.stop();
    limited.cleanup();
  });

  it('answers 429 rate-limited with Retry-After per address and per client, and forgives after the window', async () => {
    const other = () => new Browser(() => limited.url);
    const email = 'limite@ejemplo.mx';
    expect((await other().call('POST', '/api/auth/signup', { email, name: 'Límite', password: 'la clave correcta' })).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await other().call('POST', '/api/auth/login', { email, password: `mal ${i}` })).status).toBe(401);
    // Over the address's limit even the right password is refused, without saying whether it was right.
    const refused = await other().call('POST', '/api/auth/login', { email, password: 'la clave correcta' });
    expect(refused).toMatchObject({ status: 429, body: { error: 'rate-limited' } });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60 + 1);

    // Another address from the same client still has tries, until the client's limit (5 failures).
    for (let i = 0; i < 2; i++) expect((await other().call('POST', '/api/auth/login', { email: `otra${i}@ejemplo.mx`, password: 'mal' })).status).toBe(401);
    const byClient = await other().call('POST', '/api/auth/login', { email: 'nueva@ejemplo.mx', password: 'mal' });
    expect(byClient).toMatchObject({ status: 429, body: { error: 'rate-limited' } });
    expect(Number(byClient.headers.get('retry-after'))).toBeGreaterThan(0);

    offset = 15 * 60_000 + 1000;
    expect((await other().call('POST', '/api/auth/login', { email, password: 'la clave correcta' })).status).toBe(200);
  });
});

describe('a database from before accounts (schema 2)', () => {
  it('gets the account tables when opened, and people can sign up', async () => {
    const dir = tempDataDir();
    try {
      await openSqliteStore(dir).close();
      const old = new Database(databasePath(dir));
      old.exec("DROP TABLE invitations; DROP TABLE sessions; DROP TABLE accounts; UPDATE settings SET value = '2' WHERE key = 'schema_version';");
      old.close();
      const upgraded = await startTestServer({ dataDir: dir });
      try {
        expect(await upgraded.carta.store.getSetting('schema_version')).toBe('3');
        const res = await new Browser(() => upgraded.url).call('POST', '/api/auth/signup', { email: 'vieja@ejemplo.mx', name: 'Base vieja', password: 'una clave bastante larga' });
        expect(res.status).toBe(201);
      } finally {
        await upgraded.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
