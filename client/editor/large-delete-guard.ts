/**
 * A question before a deletion that takes a large part of the constitution with it: more than
 * three whole artículos, or a whole título. One key (Backspace, Delete, Ctrl+X, or typing over a
 * selection) is otherwise enough to remove pages of text for everybody at once, and the person
 * may not see how far the selection reached.
 *
 * It works as a transaction filter, so every way of deleting is covered without knowing the keys:
 * a local transaction that would remove that much is held back, the page asks, and if the person
 * goes ahead the same steps are applied again, marked as confirmed. If the document changed while
 * the question was open, the steps may no longer mean the same thing, so nothing is deleted and
 * the page says so. Changes from the shared document (other people, Yjs undo) are never held: they
 * have already happened elsewhere.
 */
import type { Node as PMNode, Slice } from 'prosemirror-model';
import { Plugin, PluginKey, Selection, type Transaction } from 'prosemirror-state';
import { ReplaceAroundStep, ReplaceStep } from 'prosemirror-transform';
import type { EditorView } from 'prosemirror-view';
import { NodeName } from '../../shared/schema/legal-schema.ts';
import { isRemoteTransaction } from './transaction-origin.ts';

export const largeDeleteKey = new PluginKey('carta-large-delete');

/** More whole articles than this in one deletion need a confirmation. */
export const ARTICLES_WITHOUT_ASKING = 3;

/** What a transaction would remove for good: whole articles (transitory ones included) and whole títulos. */
export interface Removal {
  articles: number;
  titulos: number;
}

const ARTICLE_KINDS: ReadonlySet<string> = new Set([NodeName.articulo, NodeName.transitorio]);

/** The ranges a replace step deletes from its document, and the slice it puts in their place. */
function deletedBy(step: unknown): { ranges: Array<[number, number]>; slice: Slice } | null {
  if (step instanceof ReplaceAroundStep) {
    return { ranges: [[step.from, step.gapFrom], [step.gapTo, step.to]], slice: step.slice };
  }
  if (step instanceof ReplaceStep) return { ranges: [[step.from, step.to]], slice: step.slice };
  return null;
}

/**
 * The articles and títulos that `tr` deletes whole and does not put back (a move within the
 * document deletes and re-inserts the same uids, and removes nothing).
 */
export function removalOf(tr: Transaction): Removal {
  const gone = new Map<string, 'article' | 'titulo'>();
  const back = new Set<string>();
  tr.steps.forEach((step, index) => {
    const change = deletedBy(step);
    const doc: PMNode | undefined = tr.docs[index];
    if (!change || !doc) return;
    for (const [from, to] of change.ranges) {
      if (to <= from) continue;
      doc.nodesBetween(from, to, (node, pos) => {
        if (node.isTextblock) return false;
        const whole = pos >= from && pos + node.nodeSize <= to;
        const uid: unknown = node.attrs.uid;
        if (whole && typeof uid === 'string') {
          if (ARTICLE_KINDS.has(node.type.name)) gone.set(uid, 'article');
          else if (node.type.name === NodeName.titulo) gone.set(uid, 'titulo');
        }
        return true;
      });
    }
    change.slice.content.descendants((node) => {
      const uid: unknown = node.attrs.uid;
      if (typeof uid === 'string') back.add(uid);
      return !node.isTextblock;
    });
  });
  const removal: Removal = { articles: 0, titulos: 0 };
  for (const [uid, kind] of gone) {
    if (back.has(uid)) continue;
    if (kind === 'article') removal.articles++;
    else removal.titulos++;
  }
  return removal;
}

/** Whether a removal is large enough to ask about. */
export function needsConfirmation(removal: Removal): boolean {
  return removal.articles > ARTICLES_WITHOUT_ASKING || removal.titulos > 0;
}

export interface LargeDeleteHooks {
  /** Asks the person; resolves true to delete. */
  confirm(removal: Removal): Promise<boolean>;
  /** The document changed while the question was open: nothing was deleted. */
  stale(): void;
}

/** Holds back large local deletions until `hooks.confirm` says yes. `canEditNow` false leaves them to the write gate. */
export function largeDeleteGuardPlugin(hooks: LargeDeleteHooks, canEditNow: () => boolean = () => true): Plugin {
  let view: EditorView | null = null;
  let asking = false;

  const replay = (held: Transaction): void => {
    if (!view) return;
    const state = view.state;
    // Steps hold positions: they are only safe on the document they were made for.
    if (state.doc !== held.before && !state.doc.eq(held.before)) {
      hooks.stale();
      return;
    }
    const tr = state.tr;
    for (const step of held.steps) {
      if (tr.maybeStep(step).failed) {
        hooks.stale();
        return;
      }
    }
    tr.setSelection(Selection.fromJSON(tr.doc, held.selection.toJSON()));
    const uiEvent: unknown = held.getMeta('uiEvent');
    if (uiEvent !== undefined) tr.setMeta('uiEvent', uiEvent);
    tr.setMeta(largeDeleteKey, 'confirmed').scrollIntoView();
    view.dispatch(tr);
  };

  return new Plugin({
    key: largeDeleteKey,
    view: (editorView) => {
      view = editorView;
      return {
        destroy: () => {
          view = null;
        },
      };
    },
    filterTransaction: (tr) => {
      if (!tr.docChanged || isRemoteTransaction(tr) || tr.getMeta(largeDeleteKey) === 'confirmed' || !canEditNow()) return true;
      const removal = removalOf(tr);
      if (!needsConfirmation(removal)) return true;
      // One question at a time; a second large deletion meanwhile is simply not made.
      if (!asking && view) {
        asking = true;
        void hooks
          .confirm(removal)
          .then((go) => {
            if (go) replay(tr);
          })
          .finally(() => {
            asking = false;
          });
      }
      return false;
    },
  });
}
