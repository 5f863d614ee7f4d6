/**
 * Linked passages marked in the text and a badge per linked article, as ProseMirror decorations.
 * The page gives the plugin the document's link marks (after loading them, after this person's own
 * changes, and when told that they changed); the plugin re-resolves them against the live Y.Doc
 * whenever a change arrives from Yjs (other people's edits, moves and undo are made there), and
 * maps them through this person's own typing in between, which keeps each keystroke cheap.
 *
 * A passage is a <mark> element (screen readers announce marked text) with a description saying it
 * is linked; it is a decoration, so it is never part of the document or of what is copied.
 *
 * The plugin tells the page (`stale`) when the server may now place the marks differently: a
 * passage that resolved stops resolving (its text was moved or deleted: the server may find it again
 * where it stood), or an article holding a passage that does not resolve, or a relocated one,
 * changes (an undo may have brought the text back; a relocated passage's context may be gone).
 */
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import type { LinkMark } from '../../shared/provenance/link-types.ts';
import { yBindingOf } from '../editor/y-binding.ts';
import { articlePositions } from './article-positions.ts';
import { type LinkRanges, linkRanges } from './link-ranges.ts';

/** The texts the decorations show, in the current language. */
export interface LinkLabels {
  /** The badge of an article with `sources` sources and `declined` sources only declined ("2 fuentes · 1 declinada"). */
  badge: (sources: number, declined: number) => string;
  /** What a screen reader says of a linked passage. */
  passage: string;
}

interface LinkDecorationState {
  links: readonly LinkMark[];
  labels: LinkLabels;
  decorations: DecorationSet;
  /** Passages (link ids) that resolved at the last resolution. */
  resolved: ReadonlySet<string>;
  /** The article nodes the last resolution watched (LinkRanges.watched), by uid. */
  watched: ReadonlyMap<string, PMNode | null>;
  /** True when this transaction made a resolving passage stop resolving or changed a watched article. */
  stale: boolean;
}

interface LinksMeta {
  links?: readonly LinkMark[];
  labels?: LinkLabels;
}

export const linkDecorationsKey = new PluginKey<LinkDecorationState>('carta-link-decorations');

/** The decorations for resolved ranges: an inline mark per passage, a node attribute per article. */
export function decorationsFor(doc: PMNode, ranges: LinkRanges, labels: LinkLabels): DecorationSet {
  const decorations: Decoration[] = [];
  for (const passage of ranges.passages) {
    decorations.push(
      Decoration.inline(passage.from, passage.to, {
        nodeName: 'mark',
        class: 'linked-passage',
        'aria-description': labels.passage,
        'data-link': passage.linkId,
        'data-source': passage.sourceId,
        'data-relation': passage.relation,
        ...(passage.relocated ? { 'data-relocated': 'true' } : {}),
      }),
    );
  }
  for (const { pos, sources, declined } of ranges.articles.values()) {
    const node = doc.nodeAt(pos);
    if (!node || sources.size + declined.size === 0) continue;
    // CSS prints the label in the margin beside the article (as the numbers are printed).
    decorations.push(
      Decoration.node(pos, pos + node.nodeSize, {
        'data-sources': String(sources.size),
        'data-declined': String(declined.size),
        'data-sources-label': labels.badge(sources.size, declined.size),
      }),
    );
  }
  return DecorationSet.create(doc, decorations);
}

function fromYjs(tr: Transaction): boolean {
  const meta: unknown = tr.getMeta(ySyncPluginKey);
  return typeof meta === 'object' && meta !== null && (meta as { isChangeOrigin?: unknown }).isChangeOrigin === true;
}

const NOTHING: ReadonlySet<string> = new Set();
const NONE: ReadonlyMap<string, PMNode | null> = new Map();

/** The article nodes now at these uids (null where the article is gone). */
function nodesAt(doc: PMNode, uids: Iterable<string>, positions: ReadonlyMap<string, number>): Map<string, PMNode | null> {
  const out = new Map<string, PMNode | null>();
  for (const uid of uids) {
    const pos = positions.get(uid);
    out.set(uid, pos === undefined ? null : doc.nodeAt(pos));
  }
  return out;
}

/**
 * True when a watched article changed. Unchanged nodes keep their identity (ProseMirror shares
 * untouched subtrees; y-prosemirror reuses the nodes of Yjs types that did not change).
 */
function watchedChanged(before: ReadonlyMap<string, PMNode | null>, after: ReadonlyMap<string, PMNode | null>): boolean {
  for (const [uid, node] of before) if (after.get(uid) !== node) return true;
  return false;
}

function build(state: EditorState, links: readonly LinkMark[], labels: LinkLabels, previous: LinkDecorationState | null): LinkDecorationState {
  const binding = yBindingOf(state);
  if (!binding || links.length === 0) return { links, labels, decorations: DecorationSet.empty, resolved: NOTHING, watched: NONE, stale: false };
  const ranges = linkRanges(links, state.doc, binding.doc);
  const resolved = new Set(ranges.passages.map((p) => p.linkId));
  const watched = nodesAt(state.doc, ranges.watched.keys(), ranges.watched);
  let stale = false;
  // Only for the same marks: new marks from the server are its answer, not a reason to ask again.
  if (previous && previous.links === links) {
    for (const id of previous.resolved) if (!resolved.has(id)) stale = true;
    if (!stale && previous.watched.size > 0) stale = watchedChanged(previous.watched, nodesAt(state.doc, previous.watched.keys(), articlePositions(state.doc)));
  }
  return { links, labels, decorations: decorationsFor(state.doc, ranges, labels), resolved, watched, stale };
}

/**
 * The plugin; `stale` is called (after the view updated) when the server may now place the marks
 * differently, so the page asks it again (debounced: it may be called on every keystroke).
 */
export function linkDecorationsPlugin(labels: LinkLabels, stale: () => void = () => {}): Plugin<LinkDecorationState> {
  return new Plugin<LinkDecorationState>({
    key: linkDecorationsKey,
    state: {
      init: () => ({ links: [], labels, decorations: DecorationSet.empty, resolved: NOTHING, watched: NONE, stale: false }),
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(linkDecorationsKey) as LinksMeta | undefined;
        if (meta || (tr.docChanged && fromYjs(tr))) {
          // Yjs-origin changes arrive as one replacement of the whole document, through which
          // mapping would drop every mark; the Y.Doc is current then, so resolve again.
          return build(state, meta?.links ?? value.links, meta?.labels ?? value.labels, meta?.links ? null : value);
        }
        if (!tr.docChanged) return value.stale ? { ...value, stale: false } : value;
        const decorations = value.decorations.map(tr.mapping, tr.doc);
        if (value.watched.size === 0) return { ...value, decorations, stale: false };
        // This person's own change: the watched articles are the only thing worth a look.
        const watched = nodesAt(tr.doc, value.watched.keys(), articlePositions(tr.doc));
        return { ...value, decorations, watched, stale: watchedChanged(value.watched, watched) };
      },
    },
    view: () => ({
      update: (view) => {
        if (linkDecorationsKey.getState(view.state)?.stale) stale();
      },
    }),
    props: {
      decorations: (state) => linkDecorationsKey.getState(state)?.decorations ?? DecorationSet.empty,
    },
  });
}

/** A transaction that gives the plugin new links (or new labels after a language change). */
export function setLinks(state: EditorState, meta: LinksMeta): Transaction {
  return state.tr.setMeta(linkDecorationsKey, meta).setMeta('addToHistory', false);
}
