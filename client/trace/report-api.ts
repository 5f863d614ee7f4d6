/**
 * The REST calls of the public reports (docs/api.md, "Sources and provenance"): the commitments per
 * threshold, pages of petitions, the dashboard's figures. Reading is public, so the token is
 * optional. Answers are checked for their outer shape here; the fields inside follow the shared
 * types the server also uses.
 */
import type { CommitmentsReport, PetitionList, PetitionListPage, ProvenanceReport } from '../../shared/provenance/report-types.ts';
import { ApiError, isRecord, type Fetch, requestJson } from '../session/api-client.ts';


export interface PetitionQuery {
  docId: string;
  minLevel: number;
  list: PetitionList;
  after?: string;
  limit?: number;
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

  private get(path: string): Promise<unknown> {
    return requestJson(this.fetchFn, path, { token: this.token });
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
