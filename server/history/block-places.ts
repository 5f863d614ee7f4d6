/**
 * Where each text block of a version stands, by number: "artículo 13, apartado A, numeral 1", so
 * that a changelog entry says which block changed and two numerals of one apartado read apart.
 * Numbers come from the one numbering function (derived from position, as everywhere else).
 */
import type { Node as PMNode } from 'prosemirror-model';
import type { PlaceStep } from '../../shared/history/history-types.ts';
import { NodeName } from '../../shared/schema/legal-schema.ts';
import { type NumberedNode, numberDocument } from '../../shared/schema/numbering.ts';

export type { PlaceStep };

/** Containers that start a place afresh: an article's number is unique in the document. */
const ARTICLES: ReadonlySet<string> = new Set([NodeName.articulo, NodeName.transitorio]);
const LIST_KINDS: ReadonlySet<string> = new Set([NodeName.numeral, NodeName.fraccion, NodeName.inciso]);

/**
 * Each text block's place, keyed as the diff follows blocks (server/history/version-diff.ts,
 * `blockKey`): its uid, or for a heading (which has none) its parent's uid and its kind. A
 * numbered block's place ends with itself and the list levels above it (numeral 2, fracción IV,
 * inciso c); an unnumbered paragraph ends with its ordinal in its container; a heading's place is
 * its container's. `numbering` is the document's (a caller that has it already passes it).
 */
export function blockPlaces(doc: PMNode, numbering: readonly NumberedNode[] = numberDocument(doc)): Map<string, PlaceStep[]> {
  const numbers = new Map<number, string>();
  for (const numbered of numbering) numbers.set(numbered.pos, numbered.num);
  const places = new Map<string, PlaceStep[]>();

  const walk = (container: PMNode, contentStart: number, steps: readonly PlaceStep[]): void => {
    // The open list levels of this container (as numbering reads them) and its unnumbered paragraphs.
    const levels: PlaceStep[] = [];
    let paragraphs = 0;
    const containerUid = typeof container.attrs.uid === 'string' ? container.attrs.uid : null;
    container.forEach((child, offset) => {
      const pos = contentStart + offset;
      const kind = child.type.name;
      if (child.isTextblock) {
        const uid = typeof child.attrs.uid === 'string' ? child.attrs.uid : null;
        const key = uid ?? (containerUid === null ? null : `${containerUid}/${kind}`);
        if (key === null) return;
        if (kind === NodeName.parrafo) {
          paragraphs++;
          places.set(key, [...steps, { kind, num: String(paragraphs) }]);
        } else if (LIST_KINDS.has(kind)) {
          const open = levels.findIndex((level) => level.kind === kind);
          if (open >= 0) levels.length = open;
          levels.push({ kind, num: numbers.get(pos) ?? '' });
          places.set(key, [...steps, ...levels]);
        } else {
          places.set(key, [...steps]);
        }
        return;
      }
      const step: PlaceStep = { kind, num: numbers.get(pos) ?? '' };
      walk(child, pos + 1, ARTICLES.has(kind) ? [step] : [...steps, step]);
    });
  };
  walk(doc, 0, []);
  return places;
}
