/**
 * The shadow document judges each update by what that update does and stays equal to the live
 * document, which applies accepted updates in a local transaction. Yjs follows a *remote* change to
 * formatted text with a clean-up transaction of its own; if the shadow ran it, a deletion in bold
 * text was judged "no change" and never reached the log, the live document or the other editors.
 */
import { prosemirrorJSONToYXmlFragment } from 'y-prosemirror';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ShadowDocument } from '../../server/collab/check/shadow-document.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { b } from '../support/legal-doc-builder.ts';
import { textBlocks, textOf } from '../support/legal-y-doc.ts';

function seededDoc(): Y.Doc {
  const doc = new Y.Doc();
  const pm = b.doc(b.titulo('Título', b.capitulo('Capítulo', b.articulo('Epígrafe', b.numeral('Toda persona tiene derecho a la ciudad.')))));
  prosemirrorJSONToYXmlFragment(legalSchema, pm.toJSON(), doc.getXmlFragment(PROSEMIRROR_FRAGMENT));
  return doc;
}

/** Applies an accepted update to the live document as the room does. */
function applyToLive(live: Y.Doc, update: Uint8Array): void {
  Y.transact(live, () => Y.applyUpdate(live, update));
}

function contentOf(doc: Y.Doc): string {
  return doc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString();
}

/** A live document, its shadow, and an editor's copy whose updates land in `sent`. */
function setUp(): { live: Y.Doc; shadow: ShadowDocument; editor: Y.Doc; sent: Uint8Array[]; text: Y.XmlText } {
  const live = seededDoc();
  const editor = new Y.Doc();
  Y.applyUpdate(editor, Y.encodeStateAsUpdate(live));
  const sent: Uint8Array[] = [];
  editor.on('update', (update: Uint8Array) => sent.push(update));
  const shadow = new ShadowDocument(legalSchema, Y.encodeStateAsUpdate(live));
  const text = textOf(textBlocks(editor.getXmlFragment(PROSEMIRROR_FRAGMENT))[0]!);
  return { live, shadow, editor, sent, text };
}

describe('the shadow document', () => {
  it('judges a deletion inside formatted text a change, and stays equal to the live document', () => {
    const { live, shadow, editor, sent, text } = setUp();
    text.format(0, 5, { strong: {} });
    const formatting = sent.pop()!;
    expect(shadow.check(formatting, 'write')).toMatchObject({ ok: true, effect: 'change' });
    applyToLive(live, formatting);

    text.delete(8, 6);
    const deletion = sent.pop()!;
    expect(Y.parseUpdateMeta(deletion).to.size, 'the update carries only a deletion').toBe(0);
    expect(shadow.check(deletion, 'write')).toMatchObject({ ok: true, effect: 'change' });
    applyToLive(live, deletion);

    expect(contentOf(live)).toBe(contentOf(editor));
    const shadowCopy = new Y.Doc();
    Y.applyUpdate(shadowCopy, shadow.verifiedState());
    expect(contentOf(shadowCopy)).toBe(contentOf(live));
    expect(Y.encodeStateAsUpdate(shadowCopy)).toEqual(Y.encodeStateAsUpdate(live));
    shadow.destroy();
  });

  it('judges a repeated deletion a no-op', () => {
    const { shadow, sent, text } = setUp();
    text.delete(0, 5);
    const deletion = sent.pop()!;
    expect(shadow.check(deletion, 'write')).toMatchObject({ ok: true, effect: 'change' });
    expect(shadow.check(deletion, 'write')).toMatchObject({ ok: true, effect: 'noop' });
    shadow.destroy();
  });
});
