/**
 * Undo and redo that ask before deleting other people's text, take one stack item per press, and
 * say when that item had nothing left to change. Two editors with y-prosemirror's real binding and
 * Yjs undo manager, no DOM.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { initProseMirrorDoc, prosemirrorToYXmlFragment, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import * as Y from 'yjs';
import { insertBlockAfter } from '../../client/editor/commands/insert-block.ts';
import { insertArticle } from '../../client/editor/commands/insert-article.ts';
import { moveArticle } from '../../client/editor/commands/move-article.ts';
import { legalEnter } from '../../client/editor/commands/split-block.ts';
import { historyCommand, type HistoryDirection, type HistoryHooks, othersTextDeletedBy, type OthersText, undoManagerOf } from '../../client/editor/safe-history.ts';
import { uidPlugin } from '../../client/editor/uid-plugin.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { b } from '../support/legal-doc-builder.ts';
import { HeadlessView } from './support/headless-view.ts';

interface Person {
  ydoc: Y.Doc;
  view: HeadlessView;
}

function seed(): Uint8Array {
  const doc = new Y.Doc();
  prosemirrorToYXmlFragment(
    b.doc(b.titulo('PRIMERO', b.articulo('Uno', b.numeral('uno a'), b.numeral('uno b')), b.articulo('Dos', b.numeral('dos a')))),
    doc.getXmlFragment(PROSEMIRROR_FRAGMENT),
  );
  return Y.encodeStateAsUpdate(doc);
}

function person(state: Uint8Array): Person {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, state);
  const fragment = ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(fragment, legalSchema);
  return { ydoc, view: new HeadlessView(EditorState.create({ schema: legalSchema, doc, plugins: [ySyncPlugin(fragment, { mapping }), yUndoPlugin(), uidPlugin()] })) };
}

function pair(): { ana: Person; beto: Person } {
  const state = seed();
  const ana = person(state);
  const beto = person(state);
  ana.ydoc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(beto.ydoc, u, 'peer'));
  beto.ydoc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(ana.ydoc, u, 'peer'));
  return { ana, beto };
}

function caret(p: Person, text: string, offset = 0): void {
  let found = -1;
  p.view.state.doc.descendants((node: PMNode, pos: number) => {
    if (found < 0 && node.isTextblock && node.textContent === text) found = pos + 1 + offset;
    return found < 0;
  });
  if (found < 0) throw new Error(`no block "${text}"`);
  p.view.dispatch(p.view.state.tr.setSelection(TextSelection.create(p.view.state.doc, found)));
}

function type(p: Person, text: string): void {
  p.view.dispatch(p.view.state.tr.insertText(text));
}

/** Ends Yjs's capture interval, so the next change is a separate undo step. */
function pause(p: Person): void {
  undoManagerOf(p.view.state)?.stopCapturing();
}

function texts(p: Person): string[] {
  const out: string[] = [];
  p.view.state.doc.descendants((node) => {
    if (node.isTextblock) out.push(node.textContent);
    return !node.isTextblock;
  });
  return out;
}

/** Hooks that record what the page would be told and answer the question with `answer`. */
function recordingHooks(answer: boolean): HistoryHooks & { asked: OthersText[][]; removedTexts: OthersText[][]; nothing: Array<[HistoryDirection, string]> } {
  const hooks = {
    asked: [] as OthersText[][],
    removedTexts: [] as OthersText[][],
    nothing: [] as Array<[HistoryDirection, string]>,
    confirm: (_direction: HistoryDirection, removed: readonly OthersText[]) => {
      hooks.asked.push([...removed]);
      return Promise.resolve(answer);
    },
    removed: (_direction: HistoryDirection, removed: readonly OthersText[]) => {
      hooks.removedTexts.push([...removed]);
    },
    nothingToDo: (direction: HistoryDirection, why: string) => {
      hooks.nothing.push([direction, why]);
    },
  };
  return hooks;
}

const undoWith = (p: Person, hooks: HistoryHooks): boolean => historyCommand('undo', hooks)(p.view.state, p.view.dispatch);
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('undo of an insertion that holds other people’s text', () => {
  it('finds the other person’s live text inside the paragraph the undo would delete', () => {
    const { ana, beto } = pair();
    caret(ana, 'uno b', 5);
    insertBlockAfter('parrafo')(ana.view.state, ana.view.dispatch);
    type(ana, 'Ana propone ');
    pause(ana);
    caret(beto, 'Ana propone ', 'Ana propone '.length);
    type(beto, 'y Beto completa');
    const manager = undoManagerOf(ana.view.state)!;
    const found = othersTextDeletedBy(manager, manager.undoStack.at(-1)!, ana.ydoc.clientID);
    expect(found).toEqual([{ clientId: beto.ydoc.clientID, uid: expect.any(String), text: 'y Beto completa' }]);
    // Ana's own text is not reported, and nothing of anybody else's is in the older typing step.
    expect(othersTextDeletedBy(manager, manager.undoStack[0]!, ana.ydoc.clientID)).toEqual(found);
  });

  it('asks first; answered “cancel”, nothing changes; answered “go ahead”, it undoes and hands the text over', async () => {
    const { ana, beto } = pair();
    caret(ana, 'dos a', 5);
    insertArticle(ana.view.state, ana.view.dispatch);
    type(ana, 'Nuevo');
    pause(ana);
    caret(beto, 'Nuevo', 5);
    type(beto, ' artículo de Beto');

    const cancel = recordingHooks(false);
    expect(undoWith(ana, cancel)).toBe(true);
    await flush();
    expect(cancel.asked).toEqual([[{ clientId: beto.ydoc.clientID, uid: expect.any(String), text: ' artículo de Beto' }]]);
    expect(texts(ana)).toContain('Nuevo artículo de Beto');
    expect(undoManagerOf(ana.view.state)!.undoStack).toHaveLength(1);

    const go = recordingHooks(true);
    undoWith(ana, go);
    await flush();
    expect(texts(ana)).not.toContain('Nuevo artículo de Beto');
    expect(texts(beto)).toEqual(texts(ana));
    expect(go.removedTexts).toEqual([[{ clientId: beto.ydoc.clientID, uid: expect.any(String), text: ' artículo de Beto' }]]);
  });

  it('also asks before undoing a split whose new half someone else has written in', async () => {
    const { ana, beto } = pair();
    caret(ana, 'uno a', 3);
    legalEnter()(ana.view.state, ana.view.dispatch);
    pause(ana);
    // The first half kept the element; the second half (" a") is the split's new element.
    caret(beto, ' a', 2);
    type(beto, ' — añadido por Beto');
    const hooks = recordingHooks(false);
    undoWith(ana, hooks);
    await flush();
    expect(hooks.asked.flat().map((entry) => entry.text)).toEqual([' — añadido por Beto']);
  });

  it('does not ask when the undo deletes only this person’s own text', async () => {
    const { ana } = pair();
    caret(ana, 'uno b', 5);
    insertBlockAfter('parrafo')(ana.view.state, ana.view.dispatch);
    type(ana, 'solo de Ana');
    const hooks = recordingHooks(false);
    undoWith(ana, hooks);
    await flush();
    expect(hooks.asked).toEqual([]);
    expect(texts(ana)).not.toContain('solo de Ana');
  });
});

describe('undo after other people changed the same text', () => {
  it('says there is nothing to undo there instead of silently undoing an older change elsewhere', () => {
    const { ana, beto } = pair();
    caret(ana, 'dos a', 5);
    type(ana, ' (anterior)');
    pause(ana);
    caret(ana, 'uno a', 5);
    type(ana, ' (reciente)');
    // Beto moves article "Uno" (a delete plus re-insert): Ana's recent typing is in the deleted copy.
    caret(beto, 'Uno');
    moveArticle('down')(beto.view.state, beto.view.dispatch);

    const hooks = recordingHooks(true);
    undoWith(ana, hooks);
    expect(hooks.nothing).toEqual([['undo', 'changed-by-others']]);
    // The older change, in another article, is still there …
    expect(texts(ana)).toContain('dos a (anterior)');
    // … until the next press undoes it.
    undoWith(ana, hooks);
    expect(texts(ana)).toContain('dos a');
    expect(texts(ana)).not.toContain('dos a (anterior)');
    undoWith(ana, hooks);
    expect(hooks.nothing.at(-1)).toEqual(['undo', 'empty']);
  });

  it('answers availability from the stack without touching it', () => {
    const { ana } = pair();
    expect(historyCommand('undo')(ana.view.state)).toBe(false);
    caret(ana, 'uno a', 1);
    type(ana, 'x');
    expect(historyCommand('undo')(ana.view.state)).toBe(true);
    expect(historyCommand('redo')(ana.view.state)).toBe(false);
    expect(historyCommand('undo')(ana.view.state, ana.view.dispatch)).toBe(true);
    expect(texts(ana)).toContain('uno a');
    expect(historyCommand('redo')(ana.view.state, ana.view.dispatch)).toBe(true);
    expect(texts(ana)).toContain('uxno a');
  });
});
