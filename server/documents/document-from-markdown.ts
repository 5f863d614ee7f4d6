/**
 * Creates a document from legal Markdown on the server: the initial Yjs state is built here, once,
 * and stored as the document's first log entry. Clients never seed (two clients seeding at once
 * would duplicate the text).
 */
import { prosemirrorToYXmlFragment } from 'y-prosemirror';
import * as Y from 'yjs';
import { importMarkdown, type ImportProblem } from '../../shared/markdown/markdown-import.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import type { CartaStore } from '../storage/store.ts';

export interface CreatedDocument {
  created: boolean;
  title: string;
  problems: ImportProblem[];
  bytes: number;
}

/** The encoded Yjs state of a ProseMirror document (what clients will load). */
export function initialStateFromMarkdown(markdown: string): { state: Uint8Array; title: string; problems: ImportProblem[] } {
  const { doc, title, problems } = importMarkdown(markdown);
  const ydoc = new Y.Doc();
  prosemirrorToYXmlFragment(doc, ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT));
  const state = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return { state, title, problems };
}

/** Creates document `id` from Markdown unless it exists; `created` is false when it already did. */
export async function createDocumentFromMarkdown(
  store: CartaStore,
  options: { id: string; title?: string; markdown: string; actorId: string },
): Promise<CreatedDocument> {
  const { state, title, problems } = initialStateFromMarkdown(options.markdown);
  const finalTitle = options.title ?? (title || options.id);
  const created = await store.createDocument({ id: options.id, title: finalTitle }, state, options.actorId, Date.now());
  return { created, title: finalTitle, problems, bytes: state.byteLength };
}
