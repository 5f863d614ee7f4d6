/**
 * The history routes as the history page uses them (docs/api.md, "History"). Answers are checked
 * for their outer shape; the fields inside follow the server's history service.
 */
import type { ArticleChange, ArticleHistoryAnswer, DiffAnswer, Stamp, VersionTextAnswer } from '../../shared/history/history-types.ts';
import { ApiError, isRecord, requestJson } from '../session/api-client.ts';

export type { ArticleChange, ArticleHistoryAnswer, DiffAnswer, Stamp, VersionTextAnswer };


export interface NamedVersion {
  id: string;
  seq: number;
  name: string;
  note: string;
  createdBy: string;
  createdAt: number;
}

export interface Timeline {
  current: { seq: number; at: number | null };
  named: NamedVersion[];
  daily: Array<{ day: string; seq: number; at: number; updates: number }>;
}


export interface BlameAnswer {
  seq: number;
  articleUid: string;
  blocks: Array<{ uid: string; kind: string; runs: Array<{ text: string; stamp: Stamp | null }> }>;
  people: Record<string, string | null>;
}

export interface ArticleEntry {
  uid: string;
  num: string;
  heading: string;
}

export interface AuditHead {
  count: number;
  hash: string;
}


export class HistoryApi {
  constructor(
    private readonly docId: string,
    private readonly token: string | null,
  ) {}

  private request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    return requestJson((input, init) => fetch(input, init), path, { method, token: this.token, body });
  }

  private get base(): string {
    return `/api/documents/${encodeURIComponent(this.docId)}`;
  }

  async timeline(): Promise<Timeline> {
    const answer = await this.request('GET', `${this.base}/versions`);
    if (!isRecord(answer) || !Array.isArray(answer.named) || !Array.isArray(answer.daily)) throw new ApiError('bad-answer', 0, 'timeline');
    return answer as unknown as Timeline;
  }

  async nameVersion(name: string, note: string): Promise<NamedVersion> {
    return (await this.request('POST', `${this.base}/versions`, { name, note })) as NamedVersion;
  }

  /**
   * What changed between two log positions, asked in either order: the server takes the older as
   * `from` and refuses the reverse (400), so the pair is put in order here and the answer's
   * `from` is always the older.
   */
  async diff(first: number, second: number): Promise<DiffAnswer> {
    const [from, to] = first <= second ? [first, second] : [second, first];
    const answer = await this.request('GET', `${this.base}/diff?from=${from}&to=${to}`);
    if (!isRecord(answer) || !Array.isArray(answer.structure) || !Array.isArray(answer.blocks)) throw new ApiError('bad-answer', 0, 'diff');
    return answer as unknown as DiffAnswer;
  }

  async restoreArticle(seq: number, articleUid: string): Promise<{ seq: number }> {
    return (await this.request('POST', `${this.base}/restore`, { seq, articleUid })) as { seq: number };
  }

  /** The current text's articles (the outline), for choosing one to blame. */
  async articles(): Promise<ArticleEntry[]> {
    const answer = await this.request('GET', `${this.base}/articles`);
    if (!Array.isArray(answer)) throw new ApiError('bad-answer', 0, 'articles');
    return answer as ArticleEntry[];
  }

  async blame(articleUid: string): Promise<BlameAnswer> {
    const answer = await this.request('GET', `${this.base}/articles/${encodeURIComponent(articleUid)}/blame`);
    if (!isRecord(answer) || !Array.isArray(answer.blocks)) throw new ApiError('bad-answer', 0, 'blame');
    return answer as unknown as BlameAnswer;
  }

  /** The changes that touched an article (the current text's), oldest first, with people's names. */
  async articleHistory(articleUid: string): Promise<ArticleHistoryAnswer> {
    const answer = await this.request('GET', `${this.base}/articles/${encodeURIComponent(articleUid)}/history`);
    if (!isRecord(answer) || !Array.isArray(answer.changes) || !isRecord(answer.people)) throw new ApiError('bad-answer', 0, 'article history');
    return answer as unknown as ArticleHistoryAnswer;
  }

  /** The document as it stood at log position `seq`; a position past the log is refused (ApiError `unknown-seq`). */
  async version(seq: number): Promise<VersionTextAnswer> {
    const answer = await this.request('GET', `${this.base}/versions/${seq}`);
    if (!isRecord(answer) || typeof answer.seq !== 'number' || !isRecord(answer.doc)) throw new ApiError('bad-answer', 0, 'version');
    return answer as unknown as VersionTextAnswer;
  }

  async auditHead(): Promise<AuditHead> {
    return (await this.request('GET', '/api/audit/head')) as AuditHead;
  }
}
