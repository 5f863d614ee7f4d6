/**
 * The wire form of a passage end: base64 of `Y.encodeRelativePosition`. Decoding is strict because
 * the bytes come from clients: only positions tied to an item are accepted, since a position naming
 * a root type by name would make Yjs create that type in the document just by resolving it.
 */
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';

/** Longest accepted encoding (a relative position is a few dozen bytes). */
export const MAX_ENCODED_POSITION = 200;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function encodeAnchorPosition(position: Y.RelativePosition): string {
  return toBase64(Y.encodeRelativePosition(position));
}

/** The relative position, or null when the text is not a well-formed, item-tied position. */
export function decodeAnchorPosition(encoded: string): Y.RelativePosition | null {
  if (encoded.length === 0 || encoded.length > MAX_ENCODED_POSITION || !BASE64.test(encoded)) return null;
  try {
    const position = Y.decodeRelativePosition(fromBase64(encoded));
    return position.item === null ? null : position;
  } catch {
    return null;
  }
}
