/**
 * The REST calls of comments, moderation and support or opposition (docs/api.md, "Comments,
 * moderation, support and opposition"), through the app's one JSON request function. Answers are
 * checked for their outer shape here; the fields inside follow the shared types the server also
 * uses. A refusal is an ApiError with the server's id (a 429 with its Retry-After).
 */
import type {
  ModerationQueuePage,
  ReplyPage,
  ServedComment,
  Stance,
  StanceAnswer,
  ThreadPage,
} from '../../shared/comments/comment-types.ts';
import { ApiError, type Fetch, isRecord, requestJson } from '../session/api-client.ts';

/** A new thread (with `anchor` for a passage, without for the whole article) or a reply (`parentId`). */
export interface NewComment {
  articleUid: string;
  body: string;
  anchor?: { start: string; end: string; quote: string };
  parentId?: string;
}

export type ModerationDecision = 'hide' | 'unhide' | 'keep';

function expect(ok: boolean, what: string): void {
  if (!ok) throw new ApiError('bad-response', 200, `unexpected answer: ${what}`);
}

function isComment(value: unknown): value is ServedComment {
  return isRecord(value) && typeof value.id === 'string' && typeof value.hidden === 'boolean';
}

const segment = encodeURIComponent;

export class CommentApi {
  constructor(
    private readonly token: string | null,
    private readonly fetchFn: Fetch = (input, init) => fetch(input, init),
  ) {}

  private request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown> {
    return requestJson(this.fetchFn, path, { method, token: this.token, body });
  }

  /** A page of an article's threads, newest first; `after` is the previous page's `next`. */
  async threads(docId: string, articleUid: string, options: { after?: string; limit?: number } = {}): Promise<ThreadPage> {
    const params = new URLSearchParams();
    if (options.after !== undefined) params.set('after', options.after);
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    const query = params.size > 0 ? `?${params.toString()}` : '';
    const answer = await this.request('GET', `/api/documents/${segment(docId)}/articles/${segment(articleUid)}/comments${query}`);
    expect(isRecord(answer) && Array.isArray(answer.threads) && typeof answer.total === 'number', 'thread page');
    return answer as unknown as ThreadPage;
  }

  /** A page of a thread's replies, oldest first. */
  async replies(threadId: string, options: { after?: string; limit?: number } = {}): Promise<ReplyPage> {
    const params = new URLSearchParams();
    if (options.after !== undefined) params.set('after', options.after);
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    const query = params.size > 0 ? `?${params.toString()}` : '';
    const answer = await this.request('GET', `/api/comments/${segment(threadId)}/replies${query}`);
    expect(isRecord(answer) && Array.isArray(answer.replies) && typeof answer.total === 'number', 'reply page');
    return answer as unknown as ReplyPage;
  }

  async create(docId: string, comment: NewComment): Promise<ServedComment> {
    const answer = await this.request('POST', `/api/documents/${segment(docId)}/comments`, comment);
    expect(isComment(answer), 'created comment');
    return answer as ServedComment;
  }

  async flag(commentId: string, reason: string): Promise<ServedComment> {
    return this.commentAction(commentId, 'flag', reason === '' ? {} : { reason });
  }

  /** Hide needs a reason; unhide and keep take one optionally. */
  async moderate(commentId: string, decision: ModerationDecision, reason: string): Promise<ServedComment> {
    return this.commentAction(commentId, decision, reason === '' ? {} : { reason });
  }

  /** Marks a thread addressed, by the change at log position `seq` when given. */
  async address(threadId: string, options: { seq?: number; note?: string }): Promise<ServedComment> {
    return this.commentAction(threadId, 'address', options);
  }

  async reopen(threadId: string, note: string): Promise<ServedComment> {
    return this.commentAction(threadId, 'reopen', note === '' ? {} : { note });
  }

  async stance(docId: string, articleUid: string): Promise<StanceAnswer> {
    return this.stanceRequest('GET', docId, articleUid);
  }

  /** Sets, changes or (null) withdraws this person's stance on the article. */
  async setStance(docId: string, articleUid: string, stance: Stance | null): Promise<StanceAnswer> {
    return this.stanceRequest('PUT', docId, articleUid, { stance });
  }

  async queue(after?: string): Promise<ModerationQueuePage> {
    const query = after === undefined ? '' : `?after=${segment(after)}`;
    const answer = await this.request('GET', `/api/moderation/queue${query}`);
    expect(isRecord(answer) && Array.isArray(answer.entries) && typeof answer.total === 'number', 'moderation queue');
    return answer as unknown as ModerationQueuePage;
  }

  /** The document's last log position (the version a thread is marked addressed by). */
  async documentSeq(docId: string): Promise<number> {
    const answer = await this.request('GET', `/api/documents/${segment(docId)}`);
    expect(isRecord(answer) && typeof answer.seq === 'number', 'document');
    return (answer as { seq: number }).seq;
  }

  private async commentAction(commentId: string, action: string, body: object): Promise<ServedComment> {
    const answer = await this.request('POST', `/api/comments/${segment(commentId)}/${action}`, body);
    expect(isComment(answer), `${action} answer`);
    return answer as ServedComment;
  }

  private async stanceRequest(method: 'GET' | 'PUT', docId: string, articleUid: string, body?: unknown): Promise<StanceAnswer> {
    const answer = await this.request(method, `/api/documents/${segment(docId)}/articles/${segment(articleUid)}/stance`, body);
    expect(isRecord(answer) && typeof answer.support === 'number' && typeof answer.oppose === 'number', 'stance');
    return answer as unknown as StanceAnswer;
  }
}
