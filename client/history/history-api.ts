/**
 * The history routes as the history page uses them (docs/api.md, "History"). Answers are checked
 * for their outer shape; the fields inside follow the server's history service.
 */
import type { DiffAnswer, Stamp } from '../../shared/history/history-types.ts';
import { ApiError, isRecord, requestJson } from '../session/api-client.ts';

export type { DiffAnswer, Stamp };


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

export interface AuditEventView {
  id: number;
  at: number;
  actorId: string;
  actor: { id: string; name: string | null };
  action: string;
  subject: string;
  detail?: Record<string, unknown>;
  hash: string;
}

export interface AuditPage {
  events: AuditEventView[];
  next: number | null;
  head: AuditHead;
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

  async diff(from: number, to: number): Promise<DiffAnswer> {
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

  /** One page of the audit log, oldest first after `after` (auditors and admins only). */
  async auditEvents(after: number, limit: number): Promise<AuditPage> {
    const answer = await this.request('GET', `/api/audit?after=${after}&limit=${limit}`);
    if (!isRecord(answer) || !Array.isArray(answer.events)) throw new ApiError('bad-answer', 0, 'audit');
    return answer as unknown as AuditPage;
  }

  async auditHead(): Promise<AuditHead> {
    return (await this.request('GET', '/api/audit/head')) as AuditHead;
  }
}
