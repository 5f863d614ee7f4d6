/**
 * A version of the document shown in the editor's look but read-only: the shared legal schema, the
 * editor's numbering decorations and its `legal-document` styles, without the Yjs binding, the
 * keymap or any command, and with `editable` false, so nothing done here can reach the document.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { numberingPlugin } from '../editor/numbering-decorations.ts';
import { anchorPlugin } from './version-anchors.ts';

export interface VersionViewOptions {
  mount: HTMLElement;
  doc: PMNode;
  /** The accessible name of the text, in the current language. */
  label: () => string;
}

/** The server's JSON of a version as a document of the legal schema; throws when it is not one. */
export function versionDocument(json: unknown): PMNode {
  const doc = legalSchema.nodeFromJSON(json);
  doc.check();
  return doc;
}

export function createVersionView(options: VersionViewOptions): EditorView {
  const state = EditorState.create({ schema: legalSchema, doc: options.doc, plugins: [numberingPlugin(), anchorPlugin()] });
  return new EditorView(options.mount, {
    state,
    editable: () => false,
    // Recomputed on every update, so a language change shows up at the next dispatch.
    attributes: () => ({
      class: 'legal-document',
      'data-testid': 'version-text',
      role: 'article',
      'aria-label': options.label(),
      // The text is Spanish whatever the interface language, for spelling and speech.
      lang: 'es',
      // Focusable, so that keyboard users can scroll the text and find with the outline where they are.
      tabindex: '0',
    }),
  });
}
