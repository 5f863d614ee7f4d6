import { AllSelection, EditorState, type Plugin, TextSelection } from 'prosemirror-state';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initProseMirrorDoc, prosemirrorToYXmlFragment, ySyncPlugin } from 'y-prosemirror';
import * as Y from 'yjs';
import { initialSelectionPlugin } from '../../client/editor/initial-selection.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { b } from '../support/legal-doc-builder.ts';
import { HeadlessView } from './support/headless-view.ts';

/** The server's first sync, as an update applied to the still-empty client document. */
function serverText(): Uint8Array {
  const seed = new Y.Doc();
  prosemirrorToYXmlFragment(b.doc(b.preambulo('Nosotros'), b.titulo('PRIMERO', b.articulo('Uno', b.numeral('n1')))), seed.getXmlFragment(PROSEMIRROR_FRAGMENT));
  return Y.encodeStateAsUpdate(seed);
}

/** An editor opened before the text arrives, as the page does. */
function openEmpty(withMapping: boolean, extra: Plugin[]): { ydoc: Y.Doc; view: HeadlessView } {
  const ydoc = new Y.Doc();
  const fragment = ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(fragment, legalSchema);
  const sync = withMapping ? ySyncPlugin(fragment, { mapping }) : ySyncPlugin(fragment);
  const view = new HeadlessView(EditorState.create({ schema: legalSchema, doc, plugins: [sync, ...extra] }));
  return { ydoc, view };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the selection when the text first arrives', () => {
  it('is a caret at the start of the text, without ProseMirror’s TextSelection warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { ydoc, view } = openEmpty(true, [initialSelectionPlugin()]);
    Y.applyUpdate(ydoc, serverText(), 'server');
    expect(view.state.doc.textContent).toContain('Nosotros');
    expect(view.state.selection).toBeInstanceOf(TextSelection);
    expect(view.state.selection.from).toBe(2);
    expect(view.state.selection.$from.parent.textContent).toBe('Nosotros');
    expect(warn.mock.calls.flat().join(' ')).not.toContain('TextSelection endpoint');
  });

  it('would otherwise select the whole document (y-prosemirror restores the empty document’s AllSelection)', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { ydoc, view } = openEmpty(true, []);
    Y.applyUpdate(ydoc, serverText(), 'server');
    expect(view.state.selection).toBeInstanceOf(AllSelection);
  });

  it('leaves later selections alone (select-all stays select-all when a remote change arrives)', () => {
    const { ydoc, view } = openEmpty(true, [initialSelectionPlugin()]);
    Y.applyUpdate(ydoc, serverText(), 'server');
    view.dispatch(view.state.tr.setSelection(new AllSelection(view.state.doc)));
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
    const preambulo = other.getXmlFragment(PROSEMIRROR_FRAGMENT).get(0) as Y.XmlElement;
    ((preambulo.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Y ');
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(ydoc)), 'server');
    expect(view.state.doc.textContent).toContain('Y Nosotros');
    expect(view.state.selection).toBeInstanceOf(AllSelection);
  });
});
