/**
 * The REST calls of sources and provenance links (docs/api.md, "Sources and provenance"). Reading
 * is public, so the token is optional; writing needs a member's or an admin's. Answers are checked
 * for their outer shape here; the fields inside follow the shared types the server also uses.
 */
import type { LinkMarks, LinkRelation, ResolvedLink } from '../../shared/provenance/link-types.ts';
import type { Source, SourceKind, Threshold } from '../../shared/provenance/source-types.ts';
import { ApiError, isRecord, type Fetch, NOT_MODIFIED, requestJson } from '../session/api-client.ts';

export type RankedSource = Source & { level: number };


export interface SourcePage {
  sources: RankedSource[];
  total: number;
  next: string | null;
}

export interface SourceTrace {
  source: Source;
  level: number;
  links: ResolvedLink[];
}

export interface ArticleProvenance {
  article: { uid: string; num: string; eId: string; heading: string };
  /** One page of the article's links, oldest first. */
  links: ResolvedLink[];
  sources: Record<string, Source>;
  /** How many links the article has in all. */
  total: number;
  /** The `after` cursor of the next page, or null on the last one. */
  next: string | null;
}

export interface NewLink {
  articleUid: string;
  sourceId: string;
  relation: LinkRelation;
  rationale: string;
  passage?: { start: string; end: string; quote: string };
}

export interface SourceSearch {
  q?: string;
  kind?: SourceKind;
  minLevel?: number;
  limit?: number;
  after?: string;
}



/** Throws ApiError('bad-response') unless `ok`; the caller names what it expected. */
function expect(ok: boolean, what: string): void {
  if (!ok) throw new ApiError('bad-response', 200, `unexpected answer: ${what}`);
}

export class ProvenanceApi {
  constructor(
    private readonly token: string | null,
    private readonly fetchFn: Fetch = (input, init) => fetch(input, init),
  ) {}

  /** True when this page has a signed-in person (writes need one). */
  get signedIn(): boolean {
    return this.token !== null;
  }

  private request(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    return requestJson(this.fetchFn, path, { method, token: this.token, body, headers });
  }

  async thresholds(): Promise<Threshold[]> {
    const answer = await this.request('GET', '/api/thresholds');
    expect(Array.isArray(answer), 'thresholds');
    return answer as Threshold[];
  }

  async searchSources(search: SourceSearch): Promise<SourcePage> {
    const params = new URLSearchParams();
    if (search.q) params.set('q', search.q);
    if (search.kind) params.set('kind', search.kind);
    if (search.minLevel) params.set('minLevel', String(search.minLevel));
    if (search.limit) params.set('limit', String(search.limit));
    if (search.after) params.set('after', search.after);
    const answer = await this.request('GET', `/api/sources?${params.toString()}`);
    expect(isRecord(answer) && Array.isArray(answer.sources), 'source search');
    return answer as unknown as SourcePage;
  }

  async source(id: string): Promise<SourceTrace> {
    const answer = await this.request('GET', `/api/sources/${encodeURIComponent(id)}`);
    expect(isRecord(answer) && isRecord(answer.source) && Array.isArray(answer.links), 'source');
    return answer as unknown as SourceTrace;
  }

  /**
   * Every live link of the document, compact, for marking the text. With the `version` of marks
   * already held, answers null when they are still current (the server sends nothing).
   */
  async linkMarks(docId: string, version?: string): Promise<LinkMarks | null> {
    const answer = await this.request('GET', `/api/documents/${encodeURIComponent(docId)}/link-marks`, undefined, version === undefined ? {} : { 'If-None-Match': `"marks-${version}"` });
    if (answer === NOT_MODIFIED) return null;
    expect(isRecord(answer) && typeof answer.version === 'string' && Array.isArray(answer.marks), 'link marks');
    return answer as unknown as LinkMarks;
  }

  /** One page of an article's provenance; `after` is the previous page's `next`. */
  async articleProvenance(docId: string, articleUid: string, after?: string): Promise<ArticleProvenance> {
    const page = after === undefined ? '' : `?after=${encodeURIComponent(after)}`;
    const answer = await this.request('GET', `/api/documents/${encodeURIComponent(docId)}/articles/${encodeURIComponent(articleUid)}/provenance${page}`);
    expect(isRecord(answer) && Array.isArray(answer.links) && isRecord(answer.sources), 'article provenance');
    return answer as unknown as ArticleProvenance;
  }

  async createLink(docId: string, link: NewLink): Promise<ResolvedLink> {
    const answer = await this.request('POST', `/api/documents/${encodeURIComponent(docId)}/links`, link);
    expect(isRecord(answer) && typeof answer.id === 'string', 'created link');
    return answer as unknown as ResolvedLink;
  }

  async retireLink(linkId: string, reason: string): Promise<ResolvedLink> {
    const answer = await this.request('POST', `/api/links/${encodeURIComponent(linkId)}/retire`, { reason });
    expect(isRecord(answer) && typeof answer.id === 'string', 'retired link');
    return answer as unknown as ResolvedLink;
  }

  async reanchorLink(linkId: string): Promise<ResolvedLink> {
    const answer = await this.request('POST', `/api/links/${encodeURIComponent(linkId)}/reanchor`, {});
    expect(isRecord(answer) && typeof answer.id === 'string', 're-anchored link');
    return answer as unknown as ResolvedLink;
  }
}
