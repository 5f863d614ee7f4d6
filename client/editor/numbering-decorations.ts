/**
 * Derived numbers in the editor. Nothing in the document stores a number, so the editor shows them
 * as node decorations (a `data-num` attribute that CSS prints with `::before`), computed by the
 * shared `numberDocument`, the same function the exporters and the server use.
 *
 * Numbering the whole constitution costs a few milliseconds, so it runs only when the structure may
 * have changed. Typing inside one textblock cannot change any number: then the existing decorations
 * are only shifted, which costs time proportional to the depth of the document, not its size.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Mapping, StepMap } from 'prosemirror-transform';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { isBlockKind, NodeName } from '../../shared/schema/legal-schema.ts';
import { numberDocument, type NumberedNode } from '../../shared/schema/numbering.ts';
import { changedRegion, isWithinOneTextblock, textblockAround, type ChangedRegion } from './changed-region.ts';
import { UID_REPAIR_META } from './uid-plugin.ts';

export interface NumberingState {
  decorations: DecorationSet;
  /** Increases every time the numbers were recomputed because the structure may have changed. */
  structureVersion: number;
  /** Increases when the text of a heading that the outline shows changed. */
  headingVersion: number;
}

export const numberingKey = new PluginKey<NumberingState>('carta-numbering');

/** The attributes a numbered node gets, keyed by the position of the node that carries them. */
export interface NumberAttrs {
  from: number;
  to: number;
  attrs: Record<string, string>;
}

/** Where each derived number is shown: heading-like numbers go on the heading child. */
function numberAttrsOf(numbered: NumberedNode): NumberAttrs | null {
  const { node, pos, kind, label } = numbered;
  switch (kind) {
    case NodeName.titulo:
    case NodeName.capitulo:
    case NodeName.articulo:
    case NodeName.apartado: {
      const heading = node.firstChild;
      if (!heading) return null;
      return { from: pos + 1, to: pos + 1 + heading.nodeSize, attrs: { 'data-num': label } };
    }
    case NodeName.transitorio: {
      // A transitory article has no heading: its ordinal runs into its first block ("PRIMERO.- …").
      const first = node.firstChild;
      if (!first) return null;
      return { from: pos + 1, to: pos + 1 + first.nodeSize, attrs: { 'data-lead': label } };
    }
    case NodeName.numeral:
    case NodeName.fraccion:
    case NodeName.inciso:
      return { from: pos, to: pos + node.nodeSize, attrs: { 'data-num': label, 'data-depth': String(numbered.depth) } };
    default:
      return null;
  }
}

/** Every number of the document as decoration attributes, in document order (DOM-free, for tests). */
export function computeNumberAttrs(doc: PMNode): NumberAttrs[] {
  const out: NumberAttrs[] = [];
  for (const numbered of numberDocument(doc)) {
    const attrs = numberAttrsOf(numbered);
    if (attrs) out.push(attrs);
  }
  return out;
}

/** The decoration set for a whole document. */
export function buildNumberDecorations(doc: PMNode): DecorationSet {
  return DecorationSet.create(
    doc,
    computeNumberAttrs(doc).map((n) => Decoration.node(n.from, n.to, n.attrs)),
  );
}

const OUTLINE_HEADINGS: ReadonlySet<string> = new Set([
  NodeName.tituloNombre,
  NodeName.capituloNombre,
  NodeName.epigrafe,
  NodeName.transitoriosNombre,
]);

/** True when the edited textblock is one whose text the outline shows. */
function editedOutlineHeading(doc: PMNode, region: ChangedRegion): boolean {
  const { node, parent, index } = textblockAround(doc, region.from);
  if (OUTLINE_HEADINGS.has(node.type.name)) return true;
  // The outline names a transitory article after the start of its first block.
  return parent.type.name === NodeName.transitorio && index === 0 && isBlockKind(node.type.name);
}

/** The next plugin state; exported so tests can drive it without a view. */
export function nextNumberingState(tr: Transaction, value: NumberingState, oldState: EditorState, newState: EditorState): NumberingState {
  if (!tr.docChanged) return value;
  if (tr.getMeta(UID_REPAIR_META) === true) {
    // Only uids changed (positions did not): numbers stay, but the outline, keyed by uid, must look again.
    return { ...value, decorations: value.decorations.map(tr.mapping, newState.doc), headingVersion: value.headingVersion + 1 };
  }
  const region = changedRegion(oldState.doc, newState.doc);
  if (region === null) return value;
  if (isWithinOneTextblock(oldState.doc, newState.doc, region)) {
    // The region tells exactly what moved, also for y-prosemirror's whole-document replace steps
    // (mapping through those would drop every decoration).
    const map = new Mapping([new StepMap([region.from, region.toOld - region.from, region.toNew - region.from])]);
    return {
      decorations: value.decorations.map(map, newState.doc),
      structureVersion: value.structureVersion,
      headingVersion: editedOutlineHeading(newState.doc, region) ? value.headingVersion + 1 : value.headingVersion,
    };
  }
  return {
    decorations: buildNumberDecorations(newState.doc),
    structureVersion: value.structureVersion + 1,
    headingVersion: value.headingVersion + 1,
  };
}

/** Shows derived numbers (articles, apartados, numerals, fracciones, incisos, títulos, capítulos). */
export function numberingPlugin(): Plugin<NumberingState> {
  return new Plugin<NumberingState>({
    key: numberingKey,
    state: {
      init: (_config, state) => ({ decorations: buildNumberDecorations(state.doc), structureVersion: 0, headingVersion: 0 }),
      apply: nextNumberingState,
    },
    props: {
      decorations: (state) => numberingKey.getState(state)?.decorations ?? DecorationSet.empty,
    },
  });
}
