/**
 * REST set-up for browser tests: what a test arranges through the API before it opens a page
 * (people, versions, comments), so the page under test starts from a known state.
 */
import type { Role } from '../../../shared/auth/roles.ts';
import type { E2EServer } from './e2e-server.ts';

/** A REST call with a bearer token; throws unless the answer is `status`. */
export async function restCall(server: E2EServer, method: string, path: string, token: string, body: unknown, status: number): Promise<unknown> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (res.status !== status) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** The bearer token of a new person with this role (taken from their sign-in link). */
export async function tokenFor(server: E2EServer, role: Role, name: string): Promise<string> {
  return new URL(await server.signIn(role, name)).hash.replace(/^#token=/, '');
}

/** The uid of the article numbered `num` in the live outline; throws when there is none. */
export async function articleUidByNum(server: E2EServer, token: string, num: string): Promise<string> {
  const res = await fetch(`${server.url}/api/documents/cdmx/articles`, { headers: { authorization: `Bearer ${token}` } });
  const outline = (await res.json()) as Array<{ uid: string; num: string }>;
  const uid = outline.find((entry) => entry.num === num)?.uid;
  if (!uid) throw new Error(`no article ${num} in the outline`);
  return uid;
}
