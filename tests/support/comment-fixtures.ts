/** REST helpers for comment tests: JSON calls with a bearer token, writing comments, reading every page. */
import type { ReplyPage, ServedComment, ThreadOrder, ThreadPage } from '../../shared/comments/comment-types.ts';
import type { TestServer } from './test-server.ts';

export interface CommentApi {
  get(path: string, token?: string): Promise<Response>;
  post(path: string, body: unknown, token?: string): Promise<Response>;
  put(path: string, body: unknown, token?: string): Promise<Response>;
}

export function commentApi(server: TestServer): CommentApi {
  const headers = (token?: string): Record<string, string> => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });
  return {
    get: (path, token) => fetch(`${server.url}${path}`, { headers: headers(token) }),
    post: (path, body, token) => fetch(`${server.url}${path}`, { method: 'POST', headers: headers(token), body: JSON.stringify(body) }),
    put: (path, body, token) => fetch(`${server.url}${path}`, { method: 'PUT', headers: headers(token), body: JSON.stringify(body) }),
  };
}

/** Writes a comment; throws with the answer unless it is 201. */
export async function postComment(http: CommentApi, token: string, body: Record<string, unknown>, docId = 'cdmx'): Promise<ServedComment> {
  const res = await http.post(`/api/documents/${docId}/comments`, body, token);
  if (res.status !== 201) throw new Error(`create comment answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as ServedComment;
}

export async function threadPage(http: CommentApi, token: string, articleUid: string, query: { after?: string | null; limit?: number; order?: ThreadOrder } = {}): Promise<ThreadPage> {
  const params = new URLSearchParams();
  if (query.after) params.set('after', query.after);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.order) params.set('order', query.order);
  const res = await http.get(`/api/documents/cdmx/articles/${articleUid}/comments?${params}`, token);
  if (res.status !== 200) throw new Error(`threads answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as ThreadPage;
}

export async function replyPage(http: CommentApi, token: string, threadId: string, query: { after?: string | null; limit?: number } = {}): Promise<ReplyPage> {
  const params = new URLSearchParams();
  if (query.after) params.set('after', query.after);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  const res = await http.get(`/api/comments/${threadId}/replies?${params}`, token);
  if (res.status !== 200) throw new Error(`replies answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as ReplyPage;
}

/** Every thread of an article, page by page (`limit` per page). */
export async function allThreads(http: CommentApi, token: string, articleUid: string, limit = 200, order: ThreadOrder = 'oldest'): Promise<ServedComment[]> {
  const out: ServedComment[] = [];
  let after: string | null = null;
  do {
    const page = await threadPage(http, token, articleUid, { after, limit, order });
    out.push(...page.threads);
    after = page.next;
  } while (after !== null);
  return out;
}

/** Test-sized participation limits: nobody is slowed down unless a test says so. */
export const GENEROUS_LIMITS = {
  comments: [{ max: 100_000, windowMs: 60_000 }],
  flags: [{ max: 100_000, windowMs: 60_000 }],
};
