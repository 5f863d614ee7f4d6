/**
 * What the reading room shows under each article: the citizen sources linked to it (title, kind,
 * the link's relation, the quoted passage for a passage link), from a set of links — as they stood
 * when a version was published, or the live ones for the draft — and the source rows.
 */
import type { LinkRelation, ProvenanceLink } from '../../shared/provenance/link-types.ts';
import type { Source, SourceKind } from '../../shared/provenance/source-types.ts';
import type { CartaStore } from '../storage/store.ts';

export interface ArticleSource {
  sourceId: string;
  /** null when the source row is missing (a damaged database): the link is still shown, by id. */
  title: string | null;
  kind: SourceKind | null;
  /** Generated example data, which must never pass for a real petition or meeting. */
  sample: boolean;
  relation: LinkRelation;
  /** The passage the link names, as quoted when it was made; null for a link to the whole article. */
  quote: string | null;
}

export interface ArticleSources {
  byArticle: ReadonlyMap<string, readonly ArticleSource[]>;
  /** The sources read, for checking later whether any of them changed (`sourcesStamp`). */
  sourceIds: readonly string[];
  stamp: string;
}

/** Changes when any of the sources is re-imported with new details (or disappears). */
export function sourcesStamp(ids: readonly string[], sources: ReadonlyMap<string, Source>): string {
  return ids.map((id) => `${id}:${sources.get(id)?.updatedAt ?? 'missing'}`).join(',');
}

/** The links grouped by article uid, each with its source, in the order the links were made. */
export async function articleSources(store: CartaStore, links: readonly ProvenanceLink[]): Promise<ArticleSources> {
  const sourceIds = [...new Set(links.map((link) => link.sourceId))].sort();
  const sources = await store.sources.getSources(sourceIds);
  const byArticle = new Map<string, ArticleSource[]>();
  for (const link of links) {
    const source = sources.get(link.sourceId);
    const entry: ArticleSource = {
      sourceId: link.sourceId,
      title: source?.title ?? null,
      kind: source?.kind ?? null,
      sample: source?.sample ?? false,
      relation: link.relation,
      quote: link.anchor?.quote ?? null,
    };
    const list = byArticle.get(link.articleUid);
    if (list) list.push(entry);
    else byArticle.set(link.articleUid, [entry]);
  }
  return { byArticle, sourceIds, stamp: sourcesStamp(sourceIds, sources) };
}

/** The current stamp of sources read earlier (one query), to tell whether a rendering is still true. */
export async function currentSourcesStamp(store: CartaStore, sourceIds: readonly string[]): Promise<string> {
  if (sourceIds.length === 0) return '';
  return sourcesStamp(sourceIds, await store.sources.getSources(sourceIds));
}
