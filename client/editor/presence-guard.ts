/**
 * Structural changes that would swallow someone else's typing are refused while that person is
 * working in the place they change.
 *
 * In Yjs, moving an article is a delete plus a re-insert of a copy, and changing a block's kind
 * replaces its element; text another person types into the old element at the same moment is
 * dropped on arrival (the server hands it back to them, but only as a notice). So "move article"
 * and "change kind" first look at the other people's cursors, which y-prosemirror publishes in
 * awareness as `cursor: { anchor, head }` (Yjs relative positions), and decline politely when one
 * lies inside the article or block about to be replaced.
 *
 * The decision is DOM-free and tested in Node; only `awarenessGuard` touches live objects.
 */
import type { EditorState } from 'prosemirror-state';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { isCursorState, type RelativePositionJson } from '../../shared/protocol/awareness-state.ts';
import { presenceUser } from '../collab/presence.ts';

/** Another person's cursor, in positions of the current editor document. */
export interface RemoteCursor {
  clientId: number;
  name: string;
  anchor: number;
  head: number;
}

/** The structural actions that are guarded. */
export type GuardedAction = 'move-article' | 'change-kind' | 'split-heading';

/** What the structural commands ask before replacing content. */
export interface StructureGuard {
  /** The name of another person whose cursor is inside the node spanning `[from, to]` of `state.doc`, or null. */
  personIn(state: EditorState, from: number, to: number): string | null;
  /**
   * Where other cursors touch the inside of the node spanning `[from, to]`: the anchor and head of
   * each, as positions of `state.doc`. Unlike `personIn` this includes this person's other tabs:
   * it decides where text stays anchored (see split-block.ts), not whom to name.
   */
  positionsIn(state: EditorState, from: number, to: number): number[];
  /** Told when a command declined because of `name`, so the page can say so. */
  declined(action: GuardedAction, name: string): void;
}

/**
 * True when the cursor touches the inside of the node that spans `[from, to]` (from = before
 * the node, to = after it). A caret just before or after the node is outside: typing there does
 * not go into the node.
 */
export function cursorInside(cursor: Pick<RemoteCursor, 'anchor' | 'head'>, from: number, to: number): boolean {
  const low = Math.min(cursor.anchor, cursor.head);
  const high = Math.max(cursor.anchor, cursor.head);
  return low < to && high > from;
}

/** The anchors and heads of `cursors` that touch the inside of the node spanning `[from, to]`. */
export function positionsInside(cursors: readonly RemoteCursor[], from: number, to: number): number[] {
  const positions: number[] = [];
  for (const cursor of cursors) {
    if (!cursorInside(cursor, from, to)) continue;
    for (const pos of cursor.anchor === cursor.head ? [cursor.head] : [cursor.anchor, cursor.head]) {
      if (pos > from && pos < to) positions.push(pos);
    }
  }
  return positions;
}

/** The first of `cursors` inside the node spanning `[from, to]`, or null. */
export function personWorkingIn(cursors: readonly RemoteCursor[], from: number, to: number): RemoteCursor | null {
  return cursors.find((cursor) => cursorInside(cursor, from, to)) ?? null;
}

/**
 * The other people's cursors from awareness states. This client's own state is skipped, and so
 * are this person's other tabs (`selfUserId`): the guard protects other people's typing, and a
 * message naming oneself would only confuse. `toAbsolute` turns a relative position into a
 * document position (null when it points at content this editor does not show).
 */
export function remoteCursors(
  states: ReadonlyMap<number, unknown>,
  self: { clientId: number; userId: string | null },
  toAbsolute: (position: RelativePositionJson) => number | null,
): RemoteCursor[] {
  const cursors: RemoteCursor[] = [];
  for (const [clientId, state] of states) {
    if (clientId === self.clientId || typeof state !== 'object' || state === null) continue;
    const cursor = (state as { cursor?: unknown }).cursor;
    // No cursor (the editor is not focused) or a malformed one: nothing to protect there.
    if (!isCursorState(cursor) || cursor === null) continue;
    const user = presenceUser(state);
    if (!user || (self.userId !== null && user.id === self.userId)) continue;
    const anchor = toAbsolute(cursor.anchor);
    const head = toAbsolute(cursor.head);
    if (anchor === null || head === null) continue;
    cursors.push({ clientId, name: user.name, anchor, head });
  }
  return cursors;
}

type BindingMapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

/** The y-prosemirror binding's map from Yjs types to the nodes of the editor's current document. */
function bindingMapping(state: EditorState): BindingMapping | null {
  const syncState: unknown = ySyncPluginKey.getState(state);
  if (typeof syncState !== 'object' || syncState === null) return null;
  const binding = (syncState as { binding?: { mapping?: unknown } }).binding;
  return binding?.mapping instanceof Map ? (binding.mapping as BindingMapping) : null;
}

export interface AwarenessGuardOptions {
  awareness: Awareness;
  ydoc: Y.Doc;
  fragment: Y.XmlFragment;
  selfUserId: string | null;
  declined: (action: GuardedAction, name: string) => void;
}

/** The guard for the live editor: cursors from awareness, placed with y-prosemirror's mapping. */
export function awarenessGuard(options: AwarenessGuardOptions): StructureGuard {
  /** Other cursors; `userId` null keeps this person's other tabs too. */
  const cursorsOf = (state: EditorState, userId: string | null): RemoteCursor[] => {
    const mapping = bindingMapping(state);
    if (!mapping) return [];
    const toAbsolute = (position: RelativePositionJson): number | null => {
      try {
        return relativePositionToAbsolutePosition(options.ydoc, options.fragment, Y.createRelativePositionFromJSON(position), mapping);
      } catch {
        // A position in content this client has not received yet, or no longer shows.
        return null;
      }
    };
    return remoteCursors(options.awareness.getStates(), { clientId: options.ydoc.clientID, userId }, toAbsolute);
  };
  return {
    personIn: (state, from, to) => personWorkingIn(cursorsOf(state, options.selfUserId), from, to)?.name ?? null,
    positionsIn: (state, from, to) => positionsInside(cursorsOf(state, null), from, to),
    declined: options.declined,
  };
}
