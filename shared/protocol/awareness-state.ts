/**
 * What a presence (awareness) state may contain. Presence is relayed from one browser to every
 * other, and y-prosemirror turns each `cursor` into positions in the document; a malformed cursor
 * makes that code throw inside the Yjs update handler, which leaves the victim's editor stale (and
 * its next keystroke then overwrites other people's work). So the server keeps only well-formed
 * fields and the client ignores anything else.
 *
 * Shape: { user: {name, color, role, id} (set by the server), cursor: null | { anchor, head } }
 * where anchor and head are Yjs relative positions in JSON form.
 */

interface IdJson {
  client: number;
  clock: number;
}

/** Missing parts may be absent (Y.relativePositionToJSON) or null (a RelativePosition serialised as is). */
export interface RelativePositionJson {
  type?: IdJson | null;
  tname?: string | null;
  item?: IdJson | null;
  assoc?: number | null;
}

export interface CursorState {
  anchor: RelativePositionJson;
  head: RelativePositionJson;
}

const MAX_CLIENT = 2 ** 32;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is IdJson {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 2 || !('client' in value) || !('clock' in value)) return false;
  const { client, clock } = value;
  return Number.isSafeInteger(client) && (client as number) >= 0 && (client as number) < MAX_CLIENT && Number.isSafeInteger(clock) && (clock as number) >= 0;
}

/** True for the JSON form of a Yjs relative position (as `Y.relativePositionToJSON` writes it). */
export function isRelativePositionJson(value: unknown): value is RelativePositionJson {
  if (!isPlainObject(value)) return false;
  for (const key of Object.keys(value)) if (!['type', 'tname', 'item', 'assoc'].includes(key)) return false;
  const present = (key: string): boolean => value[key] !== undefined && value[key] !== null;
  if (present('type') && !isId(value.type)) return false;
  if (present('item') && !isId(value.item)) return false;
  if (present('tname') && (typeof value.tname !== 'string' || value.tname.length > 64)) return false;
  if (present('assoc') && !(Number.isSafeInteger(value.assoc) && Math.abs(value.assoc as number) <= 1)) return false;
  // A position names either a root type (tname) or a nested one (type), never neither.
  return present('type') || present('tname');
}

/** True for a cursor y-prosemirror can place: null, or both ends well-formed. */
export function isCursorState(value: unknown): value is CursorState | null {
  if (value === null) return true;
  if (!isPlainObject(value)) return false;
  return Object.keys(value).every((k) => k === 'anchor' || k === 'head') && isRelativePositionJson(value.anchor) && isRelativePositionJson(value.head);
}

/**
 * The presence state to relay: only a well-formed `cursor` survives (a malformed one becomes null),
 * and `user` is whatever the caller says (the authenticated identity).
 */
export function cleanPresenceState(state: Record<string, unknown>, user: Record<string, unknown>): Record<string, unknown> {
  const cursor = 'cursor' in state && isCursorState(state.cursor) ? state.cursor : null;
  return { user, cursor };
}
