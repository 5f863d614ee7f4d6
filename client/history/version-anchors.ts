/**
 * Ids on the structural nodes of a version being read (preamble, títulos, capítulos, artículos,
 * transitorios): their eIds, the anchors the reader's outline links to, so that an address such as
 * `/d/cdmx/history/42#art_13` names a place in that version. The live editor gives its nodes no ids:
 * there the numbers, and so the eIds, change under the reader's feet.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { documentOutline } from '../../shared/schema/outline.ts';

/** One node decoration per outline entry, carrying its eId as the element's id. */
export function anchorDecorations(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = [];
  for (const entry of documentOutline(doc)) {
    const node = doc.nodeAt(entry.pos);
    if (node && entry.eId) decorations.push(Decoration.node(entry.pos, entry.pos + node.nodeSize, { id: entry.eId }));
  }
  return DecorationSet.create(doc, decorations);
}

/** The anchors as a plugin; a version never changes, so they are computed once. */
export function anchorPlugin(): Plugin<DecorationSet> {
  const plugin: Plugin<DecorationSet> = new Plugin<DecorationSet>({
    state: {
      init: (_config, state) => anchorDecorations(state.doc),
      apply: (tr, set) => (tr.docChanged ? anchorDecorations(tr.doc) : set),
    },
    props: {
      decorations: (state) => plugin.getState(state) ?? DecorationSet.empty,
    },
  });
  return plugin;
}
