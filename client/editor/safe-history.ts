/**
 * Undo and redo that do not silently destroy other people's work, and that say when they have
 * nothing to do.
 *
 * Yjs undo reverts this person's own changes only, but reverting an insertion deletes the inserted
 * element with everything nested in it: undoing "new paragraph" (or a new article, or a split)
 * also deletes what another person typed into that paragraph since. So before undoing, the next
 * stack item is inspected: the elements it would delete (its `insertions`, followed through earlier
 * redos, still alive, and allowed by the undo manager's delete filter) are searched for live text
 * written by other Yjs clients. If there is some, the person is asked first, and if they go ahead
 * the text is handed to the page (which lists it for copying, since it has left the document).
 *
 * Yjs also skips stack items that no longer change anything (someone else moved the article,
 * changed the block's kind or joined the paragraph, so this person's edits live in deleted
 * elements) and quietly undoes an older change instead, possibly far away; or, when none is left,
 * does nothing at all. Here one key press takes exactly one stack item: when it had nothing left
 * to change, the page says so, and the next press goes on with the one before.
 *
 * DOM-free: the page supplies the question and the messages.
 */
import type { Command, EditorState } from 'prosemirror-state';
import { yUndoPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';

export type HistoryDirection = 'undo' | 'redo';

type StackItem = Y.UndoManager['undoStack'][number];

/** Text by another person that an undo or redo would delete. */
export interface OthersText {
  /** The Yjs client that wrote it (the page turns it into a name). */
  clientId: number;
  /** The uid of the block (or nearest structural node) it was in. */
  uid: string | null;
  text: string;
}

/** What the page does around undo and redo. */
export interface HistoryHooks {
  /** Asked before an undo or redo that would delete other people's text; resolves true to go ahead. */
  confirm(direction: HistoryDirection, removed: readonly OthersText[]): Promise<boolean>;
  /** Told after such an undo or redo went ahead, with the text it deleted. */
  removed(direction: HistoryDirection, removed: readonly OthersText[]): void;
  /** Told when there was nothing to do: the stack is empty, or its next step no longer changes anything. */
  nothingToDo(direction: HistoryDirection, why: 'empty' | 'changed-by-others'): void;
}

/** The Yjs undo manager of an editor with y-prosemirror's undo plugin, or null. */
export function undoManagerOf(state: EditorState): Y.UndoManager | null {
  const pluginState: unknown = yUndoPluginKey.getState(state);
  if (typeof pluginState !== 'object' || pluginState === null) return null;
  const manager = (pluginState as { undoManager?: unknown }).undoManager;
  return manager instanceof Y.UndoManager ? manager : null;
}

/** The item a (possibly redone) item lives on as now: redo re-creates deleted items under new ids. */
function followRedone(store: Y.Doc['store'], item: Y.Item): Y.Item | null {
  let current: Y.Item = item;
  for (let steps = 0; current.redone !== null; steps++) {
    if (steps > 10_000) return null;
    const next: unknown = Y.getItem(store, current.redone);
    if (!(next instanceof Y.Item)) return null;
    current = next;
  }
  return current;
}

/** Every item (not GC) whose id lies in the delete set, read without splitting anything. */
function itemsIn(doc: Y.Doc, set: StackItem['insertions']): Y.Item[] {
  const items: Y.Item[] = [];
  for (const [client, ranges] of set.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    for (const { clock, len } of ranges) {
      let index: number;
      try {
        index = Y.findIndexSS(structs, clock);
      } catch {
        continue;
      }
      for (; index < structs.length; index++) {
        const struct = structs[index];
        if (!struct || struct.id.clock >= clock + len) break;
        if (struct instanceof Y.Item) items.push(struct);
      }
    }
  }
  return items;
}

/** The uid of the nearest element at or above `type` that has one. */
function uidAround(type: Y.AbstractType<unknown> | null): string | null {
  let current: Y.AbstractType<unknown> | null = type;
  while (current) {
    if (current instanceof Y.XmlElement) {
      const uid = current.getAttribute('uid');
      if (typeof uid === 'string') return uid;
    }
    const parent: unknown = current._item?.parent ?? null;
    current = parent instanceof Y.AbstractType ? (parent as Y.AbstractType<unknown>) : null;
  }
  return null;
}

/** The types (elements, texts) an undo (or redo) of `item` would delete, outermost only. */
export function typesDeletedBy(manager: Y.UndoManager, item: StackItem): Y.Item[] {
  const doc = manager.doc;
  const inScope = (struct: Y.Item): boolean => manager.scope.some((type) => type === doc || (type instanceof Y.AbstractType && Y.isParentOf(type, struct)));
  const doomed = new Set<Y.Item>();
  for (const inserted of itemsIn(doc, item.insertions)) {
    const live = followRedone(doc.store, inserted);
    if (!live || live.deleted || !(live.content instanceof Y.ContentType) || !inScope(live) || !manager.deleteFilter(live)) continue;
    doomed.add(live);
  }
  // Deleting an element deletes what it holds: keep only the outermost of nested ones.
  return [...doomed].filter((candidate) => {
    for (let parent = candidate.parent; parent instanceof Y.AbstractType && parent._item; parent = parent._item.parent) {
      if (doomed.has(parent._item)) return false;
    }
    return true;
  });
}

/**
 * The live text by other clients (not `selfClientId`) inside the elements that undoing or redoing
 * `item` would delete, one entry per person and block, in document order.
 */
export function othersTextDeletedBy(manager: Y.UndoManager, item: StackItem, selfClientId: number): OthersText[] {
  const found = new Map<string, OthersText>();
  const walk = (type: Y.AbstractType<unknown>, uid: string | null): void => {
    const ownUid = type instanceof Y.XmlElement ? type.getAttribute('uid') : undefined;
    const here = typeof ownUid === 'string' ? ownUid : uid;
    for (let child = type._start; child !== null; child = child.right) {
      if (child.deleted) continue;
      if (child.content instanceof Y.ContentType) walk(child.content.type as Y.AbstractType<unknown>, here);
      else if (child.content instanceof Y.ContentString && child.id.client !== selfClientId) {
        const key = `${child.id.client}\u0000${here ?? ''}`;
        const entry = found.get(key);
        if (entry) entry.text += child.content.str;
        else found.set(key, { clientId: child.id.client, uid: here, text: child.content.str });
      }
    }
  };
  for (const doomed of typesDeletedBy(manager, item)) {
    if (!(doomed.content instanceof Y.ContentType)) continue;
    const parent: unknown = doomed.parent;
    walk(doomed.content.type as Y.AbstractType<unknown>, uidAround(parent instanceof Y.AbstractType ? (parent as Y.AbstractType<unknown>) : null));
  }
  return [...found.values()].filter((entry) => entry.text.trim() !== '');
}

/** The stack an undo (redo) takes from. */
function stackOf(manager: Y.UndoManager, direction: HistoryDirection): StackItem[] {
  return direction === 'undo' ? manager.undoStack : manager.redoStack;
}

/**
 * Undoes (redoes) exactly the top stack item, never an older one behind it; returns whether it
 * changed anything. The item is used up either way, as Yjs would.
 */
export function stepOnce(manager: Y.UndoManager, direction: HistoryDirection): boolean {
  const all = stackOf(manager, direction);
  const top = all.at(-1);
  if (!top) return false;
  const below = all.slice(0, -1);
  // Yjs pops items until one changes something; with only the top one visible it stops there.
  // (An undo pushes onto the redo stack and a redo onto the undo stack, so the other stack is untouched.)
  if (direction === 'undo') manager.undoStack = [top];
  else manager.redoStack = [top];
  let result: StackItem | null = null;
  try {
    result = direction === 'undo' ? manager.undo() : manager.redo();
  } finally {
    if (direction === 'undo') manager.undoStack = below.concat(manager.undoStack);
    else manager.redoStack = below.concat(manager.redoStack);
  }
  return result !== null;
}

/**
 * The undo (redo) command. Without a view to dispatch to it only says whether there is anything
 * on the stack (the toolbar's availability). With hooks, a step that would delete other people's
 * text waits for the person's answer; the command counts as handled meanwhile.
 */
export function historyCommand(direction: HistoryDirection, hooks?: HistoryHooks): Command {
  return (state, dispatch) => {
    const manager = undoManagerOf(state);
    if (!manager) return false;
    const top = stackOf(manager, direction).at(-1);
    if (!dispatch) return top !== undefined;
    if (!top) {
      hooks?.nothingToDo(direction, 'empty');
      return true;
    }
    const self = manager.doc.clientID;
    const step = (): void => {
      const removed = othersTextDeletedBy(manager, top, self);
      if (!stepOnce(manager, direction)) hooks?.nothingToDo(direction, 'changed-by-others');
      else if (removed.length > 0) hooks?.removed(direction, removed);
    };
    const endangered = hooks ? othersTextDeletedBy(manager, top, self) : [];
    if (!hooks || endangered.length === 0) {
      step();
      return true;
    }
    void hooks.confirm(direction, endangered).then((go) => {
      // Only the step that was asked about: if the stack moved meanwhile, nothing happens.
      if (go && stackOf(manager, direction).at(-1) === top) step();
    });
    return true;
  };
}
