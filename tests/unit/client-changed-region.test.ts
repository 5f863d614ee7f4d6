import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { changedRegion, isWithinOneTextblock } from '../../client/editor/changed-region.ts';
import { findPosByUid, outlineUidAt } from '../../client/editor/find-node.ts';
import { b } from '../support/legal-doc-builder.ts';

const sample = () => b.doc(b.titulo('T', b.articulo('Uno', b.numeral('aa'), b.numeral('bb')), b.articulo('Dos', b.parrafo('cc'))));

function inside(doc: ReturnType<typeof sample>, text: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found < 0 && node.isTextblock && node.textContent === text) found = pos + 1;
    return found < 0;
  });
  return found;
}

describe('the changed region of two documents', () => {
  it('is null for the same content and tight around typing', () => {
    const doc = sample();
    expect(changedRegion(doc, doc)).toBeNull();
    const state = EditorState.create({ doc });
    const at = inside(doc, 'aa') + 2;
    const next = state.apply(state.tr.insertText('a', at)).doc;
    const region = changedRegion(doc, next)!;
    // "aa" → "aaa": the scans overlap; both ends are widened equally.
    expect(region.toNew - region.toOld).toBe(1);
    expect(region.from).toBeGreaterThanOrEqual(inside(doc, 'aa'));
    expect(isWithinOneTextblock(doc, next, region)).toBe(true);
  });

  it('is not within one textblock when blocks are added, joined or their attributes change', () => {
    const doc = sample();
    const state = EditorState.create({ doc });
    const split = state.apply(state.tr.split(inside(doc, 'aa') + 1)).doc;
    expect(isWithinOneTextblock(doc, split, changedRegion(doc, split)!)).toBe(false);
    const blockPos = inside(doc, 'bb') - 1;
    const retyped = state.apply(state.tr.setNodeAttribute(blockPos, 'uid', 'zzzzzzzz1234')).doc;
    expect(isWithinOneTextblock(doc, retyped, changedRegion(doc, retyped)!)).toBe(false);
  });
});

describe('finding nodes', () => {
  it('finds a node by uid and the outline entry around a position', () => {
    const doc = sample();
    const article = doc.child(0).child(2);
    const pos = findPosByUid(doc, String(article.attrs.uid))!;
    expect(doc.nodeAt(pos)).toBe(article);
    expect(findPosByUid(doc, 'nonexistent0')).toBeNull();
    expect(outlineUidAt(doc, inside(doc, 'cc'))).toBe(article.attrs.uid);
    expect(outlineUidAt(doc, 1)).toBe(doc.child(0).attrs.uid);
  });
});
