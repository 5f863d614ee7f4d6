/**
 * What a client must know to join a live document: the websocket path, the Yjs shared type that
 * holds the ProseMirror content, and the schema version the client was built with.
 */

/** The XmlFragment that holds the ProseMirror document inside the Y.Doc. */
export const PROSEMIRROR_FRAGMENT = 'prosemirror';

/**
 * Version of shared/schema/legal-schema.ts. Bump it whenever a change to the schema would make an
 * older editor misread documents: the server refuses writes from clients that declare another
 * version (close code 4426), so an outdated editor cannot delete content it does not understand.
 */
export const SCHEMA_VERSION = 1;

/** Path of the collaboration websocket for a document. */
export function collabPath(docId: string): string {
  return `/collab/${encodeURIComponent(docId)}`;
}

/** Document ids: lowercase letters, digits and dashes (they appear in URLs and file names). */
export const DOC_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
