/**
 * The outline of a document: títulos, capítulos, artículos and the transitory section, with their
 * live numbers. Used by the editor's sidebar and by `GET /api/documents/:id/articles`.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { NodeName } from './legal-schema.ts';
import { numberDocument } from './numbering.ts';

export type OutlineKind = 'preambulo' | 'titulo' | 'capitulo' | 'articulo' | 'transitorios' | 'transitorio';

export interface OutlineEntry {
  uid: string;
  eId: string;
  kind: OutlineKind;
  /** The number as written ("13", "PRIMERO", "IV", "ÚNICO"); empty for the preamble. */
  num: string;
  /** The label as displayed ("Artículo 13.", "TÍTULO PRIMERO."). */
  label: string;
  /** The name or epígrafe that follows the number. */
  heading: string;
  /** Nesting level in the outline: 0 títulos, 1 capítulos, 2 artículos (1 when directly in a título). */
  level: number;
  /** Document position of the node (valid for the document it was computed from). */
  pos: number;
}

const OUTLINE_KINDS: ReadonlySet<string> = new Set<OutlineKind>([
  'preambulo',
  'titulo',
  'capitulo',
  'articulo',
  'transitorios',
  'transitorio',
]);

function headingOf(node: PMNode): string {
  if (node.type.name === NodeName.preambulo) return 'PREÁMBULO';
  if (node.type.name === NodeName.transitorio) return node.firstChild?.textContent.slice(0, 80) ?? '';
  return node.firstChild?.textContent ?? '';
}

/** The document's outline, in document order. */
export function documentOutline(doc: PMNode): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  let inChapter = false;
  for (const numbered of numberDocument(doc)) {
    if (!OUTLINE_KINDS.has(numbered.kind)) continue;
    const kind = numbered.kind as OutlineKind;
    if (kind === 'titulo' || kind === 'transitorios' || kind === 'preambulo') inChapter = false;
    if (kind === 'capitulo') inChapter = true;
    const level = kind === 'capitulo' ? 1 : kind === 'articulo' ? (inChapter ? 2 : 1) : kind === 'transitorio' ? 1 : 0;
    entries.push({
      uid: String(numbered.node.attrs.uid ?? ''),
      eId: numbered.eId,
      kind,
      num: numbered.num,
      label: numbered.label,
      heading: headingOf(numbered.node),
      level,
      pos: numbered.pos,
    });
  }
  return entries;
}

/** Only the articles, as the REST outline returns them. */
export function articleOutline(doc: PMNode): Array<{ uid: string; eId: string; num: string; heading: string }> {
  return documentOutline(doc)
    .filter((entry) => entry.kind === 'articulo')
    .map(({ uid, eId, num, heading }) => ({ uid, eId, num, heading }));
}
