/**
 * The REST calls of the public reports (docs/api.md, "Sources and provenance"): the commitments per
 * threshold, pages of petitions, the dashboard's figures. Reading is public, so the token is
 * optional. Answers are checked for their outer shape here; the fields inside follow the shared
 * types the server also uses.
 */
import type { CommitmentsReport, PetitionList, PetitionListPage, ProvenanceReport } from '../../shared/provenance/report-types.ts';
import { ApiError } from '../session/api-client.ts';

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface PetitionQuery {
  docId: string;
  minLevel: number;
  list: PetitionList;
  after?: string;
  limit?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expect(ok: boolean, what: string): void {
  if (!ok) throw new ApiError('bad-response', 200, `unexpected answer: ${what}`);
}

function isPage(value: unknown): boolean {
  return isRecord(value) && typeof value.total === 'number' && Array.isArray(value.petitions);
}

export class ReportApi {
  constructor(
    private readonly token: string | null,
    private readonly fetchFn: Fetch = (input, init) => fetch(input, init),
  ) {}

  private async get(path: string): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await this.fetchFn(path, { headers });
    } catch (error) {
      throw new ApiError('network', 0, error instanceof Error ? error.message : String(error));
    }
    let answer: unknown = null;
    try {
      answer = await response.json();
    } catch {
      answer = null;
    }
    if (!response.ok) {
      const id = isRecord(answer) && typeof answer.error === 'string' ? answer.error : 'http-error';
      const message = isRecord(answer) && typeof answer.message === 'string' ? answer.message : `HTTP ${response.status}`;
      throw new ApiError(id, response.status, message);
    }
    return answer;
  }

  async commitments(docId: string): Promise<CommitmentsReport> {
    const answer = await this.get(`/api/reports/commitments?docId=${encodeURIComponent(docId)}`);
    expect(isRecord(answer) && Array.isArray(answer.thresholds) && answer.thresholds.every((t: unknown) => isRecord(t) && isPage(t.honoured) && isPage(t.notHonoured)), 'commitments report');
    return answer as unknown as CommitmentsReport;
  }

  async petitions(query: PetitionQuery): Promise<PetitionListPage> {
    const params = new URLSearchParams({ docId: query.docId, minLevel: String(query.minLevel), list: query.list });
    if (query.after) params.set('after', query.after);
    if (query.limit) params.set('limit', String(query.limit));
    const answer = await this.get(`/api/reports/petitions?${params.toString()}`);
    expect(isPage(answer), 'petitions page');
    return answer as unknown as PetitionListPage;
  }

  async provenance(docId: string): Promise<ProvenanceReport> {
    const answer = await this.get(`/api/reports/provenance?docId=${encodeURIComponent(docId)}`);
    expect(isRecord(answer) && isRecord(answer.articles) && isRecord(answer.petitionsBySignatures) && Array.isArray(answer.petitionsBySignatures.points), 'provenance report');
    return answer as unknown as ProvenanceReport;
  }
}
