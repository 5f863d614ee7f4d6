/**
 * The REST calls the editor page makes, with their answers checked at this edge: the rest of the
 * client trusts the types below.
 */

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
  method?: 'GET' | 'POST';
  /** Sent as `Authorization: Bearer`; public routes take none. */
  token?: string | null;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The one way the browser app calls the REST API: JSON in and out, the server's error id and
 * message carried by ApiError (401 always as `unauthenticated`, so every page can ask to sign in
 * again), a failed connection as ApiError `network`, and a 304 as NOT_MODIFIED.
 */
export async function requestJson(fetchFn: Fetch, path: string, request: JsonRequest = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  if (request.token) headers.Authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetchFn(path, { method: request.method ?? 'GET', headers, ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}) });
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
    const id = response.status === 401 ? 'unauthenticated' : isRecord(body) && typeof body.error === 'string' ? body.error : 'http-error';
    const message = isRecord(body) && typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
    throw new ApiError(id, response.status, message);
  }
  return body;
}

function getJson(fetchFn: Fetch, path: string, token: string): Promise<unknown> {
  return requestJson(fetchFn, path, { token });
}

/** Who the token belongs to. */
export async function fetchMe(token: string, fetchFn: Fetch = fetch): Promise<Me> {
  return parseMe(await getJson(fetchFn, '/api/me', token));
}

/** The documents on the server (used for the document's title). */
export async function fetchDocuments(token: string, fetchFn: Fetch = fetch): Promise<DocumentSummary[]> {
  return parseDocuments(await getJson(fetchFn, '/api/documents', token));
}
