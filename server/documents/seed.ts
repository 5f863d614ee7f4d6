/**
 * First-start seeding: the Mexico City constitution from fixtures/ becomes document `cdmx`. It runs
 * on the server, inside one transaction with the document row, so a restart (or two starts racing)
 * can never duplicate it.
 */
import { readFile } from 'node:fs/promises';
import type { CartaStore } from '../storage/store.ts';
import { createDocumentFromMarkdown, type CreatedDocument } from './document-from-markdown.ts';
import { SYSTEM_USER } from './system-users.ts';

export const DEFAULT_DOCUMENT_ID = 'cdmx';
export const CONSTITUTION_FIXTURE = new URL('../../fixtures/constitucion_cdmx.md', import.meta.url);

/** Seeds document `cdmx` when missing. Cheap when it exists (no parsing). */
export async function seedDefaultDocument(store: CartaStore): Promise<CreatedDocument | null> {
  if (await store.getDocument(DEFAULT_DOCUMENT_ID)) return null;
  await store.ensureUser(SYSTEM_USER, Date.now());
  const markdown = await readFile(CONSTITUTION_FIXTURE, 'utf8');
  return createDocumentFromMarkdown(store, { id: DEFAULT_DOCUMENT_ID, markdown, actorId: SYSTEM_USER.id });
}
