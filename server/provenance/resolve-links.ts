/** Resolves stored links against the live text of their documents (links may span documents). */
import type { ProvenanceLink, ResolvedLink } from '../../shared/provenance/link-types.ts';
import type { LiveProvenanceViews } from './live-provenance-views.ts';

export async function resolveLinks(views: LiveProvenanceViews, links: readonly ProvenanceLink[]): Promise<ResolvedLink[]> {
  const byDoc = new Map<string, ProvenanceLink[]>();
  for (const link of links) {
    const group = byDoc.get(link.docId);
    if (group) group.push(link);
    else byDoc.set(link.docId, [link]);
  }
  const resolved = new Map<string, ResolvedLink>();
  for (const [docId, group] of byDoc) {
    const answer = await views.with(docId, (view) => group.map((link) => view.resolve(link)));
    // A document that no longer exists leaves its links orphaned, never dropped.
    const out = answer?.value ?? group.map((link): ResolvedLink => ({ ...link, status: link.retired ? 'retired' : 'orphaned', article: null, text: null, reanchorable: false, relocated: false }));
    for (const link of out) resolved.set(link.id, link);
  }
  return links.map((link) => resolved.get(link.id) as ResolvedLink);
}
