/**
 * Linked passages marked in the text and a badge per linked article, as ProseMirror decorations.
 * The page gives the plugin the document's link marks (after loading them, after this person's own
 * changes, and when told that they changed); the plugin re-resolves them against the live Y.Doc
 * whenever a change arrives from Yjs (other people's edits, moves and undo are made there), and
 * maps them through this person's own typing in between, which keeps each keystroke cheap.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import type { LinkMark } from '../../shared/provenance/link-types.ts';
import { yBindingOf } from '../editor/y-binding.ts';
import { type LinkRanges, linkRanges } from './link-ranges.ts';

/** The badge's text for an article with `count` sources ("2 fuentes"), in the current language. */
export type BadgeLabel = (count: number) => string;

interface LinkDecorationState {
  links: readonly LinkMark[];
  label: BadgeLabel;
  decorations: DecorationSet;
}

interface LinksMeta {
  links?: readonly LinkMark[];
  label?: BadgeLabel;
}

export const linkDecorationsKey = new PluginKey<LinkDecorationState>('carta-link-decorations');

/** The decorations for resolved ranges: an inline mark per passage, a node attribute per article. */
export function decorationsFor(doc: PMNode, ranges: LinkRanges, label: BadgeLabel): DecorationSet {
  const decorations: Decoration[] = [];
  for (const passage of ranges.passages) {
    decorations.push(Decoration.inline(passage.from, passage.to, { class: 'linked-passage', 'data-link': passage.linkId, 'data-source': passage.sourceId }));
  }
  for (const { pos, sources } of ranges.articles.values()) {
    const node = doc.nodeAt(pos);
    if (!node) continue;
    // CSS prints the label in the margin beside the article (as the numbers are printed).
    decorations.push(Decoration.node(pos, pos + node.nodeSize, { 'data-sources': String(sources.size), 'data-sources-label': label(sources.size) }));
  }
  return DecorationSet.create(doc, decorations);
}

function fromYjs(tr: Transaction): boolean {
  const meta: unknown = tr.getMeta(ySyncPluginKey);
  return typeof meta === 'object' && meta !== null && (meta as { isChangeOrigin?: unknown }).isChangeOrigin === true;
}

function build(state: EditorState, links: readonly LinkMark[], label: BadgeLabel): DecorationSet {
  const binding = yBindingOf(state);
  if (!binding || links.length === 0) return DecorationSet.empty;
  return decorationsFor(state.doc, linkRanges(links, state.doc, binding.doc), label);
}

export function linkDecorationsPlugin(label: BadgeLabel): Plugin<LinkDecorationState> {
  return new Plugin<LinkDecorationState>({
    key: linkDecorationsKey,
    state: {
      init: () => ({ links: [], label, decorations: DecorationSet.empty }),
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(linkDecorationsKey) as LinksMeta | undefined;
        if (meta || (tr.docChanged && fromYjs(tr))) {
          const links = meta?.links ?? value.links;
          const nextLabel = meta?.label ?? value.label;
          // Yjs-origin changes arrive as one replacement of the whole document, through which
          // mapping would drop every mark; the Y.Doc is current then, so resolve again.
          return { links, label: nextLabel, decorations: build(state, links, nextLabel) };
        }
        if (tr.docChanged) return { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) };
        return value;
      },
    },
    props: {
      decorations: (state) => linkDecorationsKey.getState(state)?.decorations ?? DecorationSet.empty,
    },
  });
}

/** A transaction that gives the plugin new links (or a new badge label after a language change). */
export function setLinks(state: EditorState, meta: LinksMeta): Transaction {
  return state.tr.setMeta(linkDecorationsKey, meta).setMeta('addToHistory', false);
}
