/**
 * Reaching the shared document behind the editor. Some structural commands (moving an article,
 * splitting a block) change the Y.Doc directly instead of letting y-prosemirror diff a ProseMirror
 * change into it, because the diff cannot express what they mean (a move, or which half of a split
 * block keeps its identity). These helpers find y-prosemirror's binding and the Yjs element that
 * stands for a ProseMirror node.
 */
import type { Node as PMNode, ResolvedPos } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';

/** What the commands need of y-prosemirror's binding: the Y.Doc, the bound fragment, the live editor state. */
export interface YBinding {
  doc: Y.Doc;
  fragment: Y.XmlFragment;
  /** y-prosemirror's map from Yjs types to the nodes of the editor's current document. */
  mapping: Map<Y.AbstractType<unknown>, PMNode | PMNode[]>;
  /** The editor state after y-prosemirror applied the latest Yjs change (null without a view). */
  liveState: () => EditorState | null;
}

/** The binding of an editor bound to a Y.Doc, or null (an editor without a shared document). */
export function yBindingOf(state: EditorState): YBinding | null {
  const syncState: unknown = ySyncPluginKey.getState(state);
  if (typeof syncState !== 'object' || syncState === null) return null;
  const binding = (syncState as { binding?: unknown }).binding;
  if (typeof binding !== 'object' || binding === null) return null;
  const { doc, type, mapping, prosemirrorView } = binding as {
    doc?: unknown;
    type?: unknown;
    mapping?: unknown;
    prosemirrorView?: { state?: EditorState } | null;
  };
  if (!(doc instanceof Y.Doc) || !(type instanceof Y.XmlFragment) || !(mapping instanceof Map)) return null;
  return {
    doc,
    fragment: type,
    mapping: mapping as YBinding['mapping'],
    liveState: () => prosemirrorView?.state ?? null,
  };
}

/**
 * The Y parent and child index at a ProseMirror position between the children of a container.
 * Containers (títulos, capítulos, articles, apartados, the transitory section) hold only elements,
 * one per child node, so the path of child indices is the same in both trees; each step is checked
 * by node name.
 */
export function ySlotAt(fragment: Y.XmlFragment, doc: PMNode, pos: number): { parent: Y.XmlFragment | Y.XmlElement; index: number } | null {
  const $pos = doc.resolve(pos);
  let parent: Y.XmlFragment | Y.XmlElement = fragment;
  for (let depth = 0; depth < $pos.depth; depth++) {
    const child: unknown = parent.get($pos.index(depth));
    if (!(child instanceof Y.XmlElement) || child.nodeName !== $pos.node(depth + 1).type.name) return null;
    parent = child;
  }
  return { parent, index: $pos.index($pos.depth) };
}

/** The Yjs element of the textblock holding `$pos`, with its parent and index there; null when the trees disagree. */
export function yTextblockAt(
  fragment: Y.XmlFragment,
  $pos: ResolvedPos,
): { element: Y.XmlElement; parent: Y.XmlFragment | Y.XmlElement; index: number } | null {
  if (!$pos.parent.isTextblock || $pos.depth < 1) return null;
  const slot = ySlotAt(fragment, $pos.doc, $pos.before());
  const element: unknown = slot?.parent.get(slot.index);
  if (!slot || !(element instanceof Y.XmlElement) || element.nodeName !== $pos.parent.type.name) return null;
  if ((element.getAttribute('uid') ?? null) !== ($pos.parent.attrs.uid ?? null)) return null;
  return { element, parent: slot.parent, index: slot.index };
}

/** One run of text with its formatting, as `Y.Text.toDelta()` gives it. */
export interface TextRun {
  insert: string;
  attributes?: Record<string, unknown>;
}

/** Reads a text delta, keeping only string runs (a legal text block holds nothing else). */
export function textRuns(text: Y.XmlText): TextRun[] | null {
  const runs: TextRun[] = [];
  for (const op of text.toDelta() as unknown[]) {
    if (typeof op !== 'object' || op === null) return null;
    const { insert, attributes } = op as { insert?: unknown; attributes?: unknown };
    if (typeof insert !== 'string') return null;
    runs.push(typeof attributes === 'object' && attributes !== null ? { insert, attributes: attributes as Record<string, unknown> } : { insert });
  }
  return runs;
}

/** The runs covering characters `[from, to)`, formatting included. */
export function sliceRuns(runs: readonly TextRun[], from: number, to: number): TextRun[] {
  const out: TextRun[] = [];
  let at = 0;
  for (const run of runs) {
    const start = Math.max(from, at);
    const end = Math.min(to, at + run.insert.length);
    if (start < end) {
      const insert = run.insert.slice(start - at, end - at);
      out.push(run.attributes ? { insert, attributes: run.attributes } : { insert });
    }
    at += run.insert.length;
    if (at >= to) break;
  }
  return out;
}
