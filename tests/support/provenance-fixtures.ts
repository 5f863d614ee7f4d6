/** Sources and REST helpers for provenance tests: petitions around the thresholds, and passage links made from a client's view. */
import * as Y from 'yjs';
import type { ResolvedLink } from '../../shared/provenance/link-types.ts';
import { plainText } from '../../shared/provenance/article-text.ts';
import { passageEnds } from '../../shared/provenance/passage-anchoring.ts';
import type { SourceInput } from '../../server/storage/source-store.ts';
import type { TestServer } from './test-server.ts';

export function petition(ref: string, title: string, signatures: number): SourceInput {
  return { kind: 'petition', externalRef: ref, title, summary: `Resumen: ${title}`, url: null, sample: true, details: { signatures, openedOn: '2016-05-01' } };
}

/** Imports the sources and returns their ids by external reference. */
export async function importFixtureSources(server: TestServer, sources: readonly SourceInput[]): Promise<Map<string, string>> {
  await server.carta.store.sources.importSources(sources, { id: 'system', file: 'provenance-fixtures.json' }, Date.now());
  const ids = new Map<string, string>();
  for (const source of sources) {
    const page = await server.carta.store.sources.searchSources({ q: '', limit: 10_000 });
    const found = page.sources.find((s) => s.externalRef === source.externalRef);
    if (!found) throw new Error(`source ${source.externalRef} was not imported`);
    ids.set(source.externalRef, found.id);
  }
  return ids;
}

export interface Api {
  get(path: string, token?: string): Promise<Response>;
  post(path: string, body: unknown, token?: string): Promise<Response>;
}

export function api(server: TestServer): Api {
  const headers = (token?: string): Record<string, string> => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });
  return {
    get: (path, token) => fetch(`${server.url}${path}`, { headers: headers(token) }),
    post: (path, body, token) => fetch(`${server.url}${path}`, { method: 'POST', headers: headers(token), body: JSON.stringify(body) }),
  };
}

/** The passage `quote` in `text` (its first occurrence), as a create-link body's `passage`. */
export function passageOf(text: Y.XmlText, quote: string, occurrence = 0): { start: string; end: string; quote: string } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = plainText(text).indexOf(quote, at + 1);
  if (at < 0) throw new Error(`"${quote}" is not in the text`);
  const ends = passageEnds({ text, offset: at }, { text, offset: at + quote.length });
  if (!ends) throw new Error('empty passage');
  return { ...ends, quote };
}

export async function createLink(client: Api, token: string, body: Record<string, unknown>): Promise<ResolvedLink> {
  const res = await client.post('/api/documents/cdmx/links', body, token);
  if (res.status !== 201) throw new Error(`create link answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as ResolvedLink;
}
