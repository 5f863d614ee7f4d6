/**
 * The REST calls the editor page makes, with their answers checked at this edge: the rest of the
 * client trusts the types below.
 */
import { CSRF_HEADER } from '../../shared/auth/account-types.ts';
import { csrfToken, rememberCsrfToken } from './csrf-token.ts';

export type Role = 'member' | 'citizen' | 'auditor' | 'admin';
const ROLES: readonly Role[] = ['member', 'citizen', 'auditor', 'admin'];

/** The signed-in person, as `GET /api/me` describes them. */
export interface Me {
  id: string;
  name: string;
  role: Role;
  /** CSS hex colour of this person's cursor and initials. */
  color: string;
  canEdit: boolean;
}

export interface DocumentSummary {
  id: string;
  title: string;
}

/** A refused or failed request, with a stable id: "unauthenticated", "network", "bad-response", or the server's own. */
export class ApiError extends Error {
  constructor(
    readonly id: string,
    readonly status: number,
    message: string,
    /** For a 429: the seconds the server's `Retry-After` asks to wait, when it gave them. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** Checks an `/api/me` body; throws ApiError('bad-response') when it is not one. */
export function parseMe(body: unknown): Me {
  if (
    !isRecord(body) ||
    typeof body.id !== 'string' ||
    typeof body.name !== 'string' ||
    typeof body.role !== 'string' ||
    !(ROLES as readonly string[]).includes(body.role) ||
    typeof body.canEdit !== 'boolean'
  ) {
    throw new ApiError('bad-response', 200, 'unexpected /api/me answer');
  }
  // Colours reach inline styles; anything but a plain hex colour is replaced, never interpolated.
  const color = typeof body.color === 'string' && HEX_COLOUR.test(body.color) ? body.color : '#5b5f66';
  return { id: body.id, name: body.name, role: body.role as Role, color, canEdit: body.canEdit };
}

/** Checks a `/api/documents` body, keeping only well-formed entries. */
export function parseDocuments(body: unknown): DocumentSummary[] {
  if (!Array.isArray(body)) throw new ApiError('bad-response', 200, 'unexpected /api/documents answer');
  return body.flatMap((entry: unknown) =>
    isRecord(entry) && typeof entry.id === 'string' && typeof entry.title === 'string' ? [{ id: entry.id, title: entry.title }] : [],
  );
}

/** What `requestJson` answers for a 304 to a conditional request: the caller's copy is current. */
export const NOT_MODIFIED: unique symbol = Symbol('not modified');

export interface JsonRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as `Authorization: Bearer`; without one the browser's session cookie authenticates. */
  token?: string | null;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The one way the browser app calls the REST API: JSON in and out, the server's error id and
 * message carried by ApiError (401 always as `unauthenticated`, so every page can ask to sign in
 * again, except `bad-credentials`: a wrong password, not an ended session), a failed connection
 * as ApiError `network`, and a 304 as NOT_MODIFIED. Without a bearer token the session cookie
 * goes along, and a write carries the session's CSRF token.
 */
export async function requestJson(fetchFn: Fetch, path: string, request: JsonRequest = {}): Promise<unknown> {
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  if (request.token) headers.Authorization = `Bearer ${request.token}`;
  else if (method !== 'GET') {
    const csrf = csrfToken();
    if (csrf !== null) headers[CSRF_HEADER] = csrf;
  }
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetchFn(path, { method, headers, credentials: 'same-origin', ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}) });
  } catch (error) {
    throw new ApiError('network', 0, error instanceof Error ? error.message : String(error));
  }
  if (response.status === 304) return NOT_MODIFIED;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const given = isRecord(body) && typeof body.error === 'string' ? body.error : 'http-error';
    const id = response.status === 401 && given !== 'bad-credentials' ? 'unauthenticated' : given;
    const message = isRecord(body) && typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
    throw new ApiError(id, response.status, message, response.status === 429 ? retryAfterSeconds(response.headers.get('Retry-After')) : null);
  }
  return body;
}

/** `Retry-After` in whole seconds (it may also be an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

function getJson(fetchFn: Fetch, path: string, token: string | null): Promise<unknown> {
  return requestJson(fetchFn, path, { token });
}

/**
 * Who is signed in: the token's person, or with no token the session cookie's. A cookie session's
 * answer carries its CSRF token, which this page then sends with its writes.
 */
export async function fetchMe(token: string | null, fetchFn: Fetch = fetch): Promise<Me> {
  const body = await getJson(fetchFn, '/api/me', token);
  const me = parseMe(body);
  if (token === null) rememberCsrfToken(csrfTokenOf(body));
  return me;
}

/** The `csrfToken` an `/api/me` (or sign-in) answer carries, or null. */
export function csrfTokenOf(body: unknown): string | null {
  return isRecord(body) && typeof body.csrfToken === 'string' && body.csrfToken !== '' ? body.csrfToken : null;
}

/** The documents on the server (used for the document's title). */
export async function fetchDocuments(token: string | null, fetchFn: Fetch = fetch): Promise<DocumentSummary[]> {
  return parseDocuments(await getJson(fetchFn, '/api/documents', token));
}
