import { readFileSync } from 'node:fs';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { ySyncPluginKey } from 'y-prosemirror';
import { insertArticle } from '../../client/editor/commands/insert-article.ts';
import { computeNumberAttrs, numberingKey, numberingPlugin, type NumberingState } from '../../client/editor/numbering-decorations.ts';
import { uidPlugin } from '../../client/editor/uid-plugin.ts';
import { importMarkdown } from '../../shared/markdown/markdown-import.ts';
import { b } from '../support/legal-doc-builder.ts';

function shown(state: EditorState): Array<{ from: number; to: number; attrs: Record<string, string> }> {
  const set = numberingKey.getState(state)!.decorations;
  return set
    .find()
    .map((d) => ({ from: d.from, to: d.to, attrs: (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs }))
    .sort((a, b2) => a.from - b2.from || a.to - b2.to);
}

function expected(doc: PMNode): ReturnType<typeof shown> {
  return computeNumberAttrs(doc).sort((a, b2) => a.from - b2.from || a.to - b2.to);
}

function plugins(state: EditorState): NumberingState {
  return numberingKey.getState(state)!;
}

function posInText(doc: PMNode, text: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isTextblock && node.textContent === text) found = pos + 1;
    return found < 0;
  });
  if (found < 0) throw new Error(`no block "${text}"`);
  return found;
}

const small = (): PMNode =>
  b.doc(
    b.titulo('PRIMERO', b.articulo('Uno', b.numeral('a'), b.fraccion('b'), b.inciso('c')), b.articulo('Dos', b.apartado('', b.numeral('d')))),
    b.titulo('SEGUNDO', b.capitulo('Cap', b.articulo('Tres', b.parrafo('e')))),
    b.transitorios('TRANSITORIOS', b.transitorio(b.parrafo('Entra en vigor'))),
  );

describe('numbering decorations', () => {
  it('show every derived number on the node that carries it', () => {
    const state = EditorState.create({ doc: small(), plugins: [numberingPlugin()] });
    const labels = shown(state).map((d) => d.attrs['data-num'] ?? d.attrs['data-lead']);
    expect(labels).toEqual(['TÍTULO PRIMERO.', 'Artículo 1.', '1.', 'I.', 'a)', 'Artículo 2.', 'A.', '1.', 'TÍTULO SEGUNDO.', 'CAPÍTULO ÚNICO.', 'Artículo 3.', 'PRIMERO.-']);
    const inciso = shown(state).find((d) => d.attrs['data-num'] === 'a)');
    expect(inciso?.attrs['data-depth']).toBe('2');
  });

  it('are only shifted, not recomputed, while typing inside a block', () => {
    let state = EditorState.create({ doc: small(), plugins: [numberingPlugin()] });
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, posInText(state.doc, 'a') + 1)));
    const before = plugins(state).structureVersion;
    for (const ch of 'bcd') state = state.apply(state.tr.insertText(ch));
    expect(plugins(state).structureVersion).toBe(before);
    expect(shown(state)).toEqual(expected(state.doc));
  });

  it('are recomputed when the structure changes', () => {
    let state = EditorState.create({ doc: small(), plugins: [numberingPlugin(), uidPlugin()] });
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, posInText(state.doc, 'Uno'))));
    const before = plugins(state).structureVersion;
    insertArticle(state, (tr) => (state = state.apply(tr)));
    expect(plugins(state).structureVersion).toBeGreaterThan(before);
    expect(shown(state)).toEqual(expected(state.doc));
    expect(shown(state).filter((d) => d.attrs['data-num']?.startsWith('Artículo')).map((d) => d.attrs['data-num'])).toEqual([
      'Artículo 1.',
      'Artículo 2.',
      'Artículo 3.',
      'Artículo 4.',
    ]);
  });

  it('survive y-prosemirror replacing the whole document for a remote keystroke', () => {
    let state = EditorState.create({ doc: small(), plugins: [numberingPlugin()] });
    const pos = posInText(state.doc, 'd');
    const remoteDoc = state.apply(state.tr.insertText('x', pos + 1)).doc;
    const tr = state.tr.replaceWith(0, state.doc.content.size, remoteDoc.content).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    const before = plugins(state).structureVersion;
    state = state.apply(tr);
    expect(plugins(state).structureVersion).toBe(before);
    expect(shown(state)).toEqual(expected(state.doc));
  });

  it('signal heading edits (for the outline) without recomputing numbers', () => {
    let state = EditorState.create({ doc: small(), plugins: [numberingPlugin()] });
    const { structureVersion, headingVersion } = plugins(state);
    state = state.apply(state.tr.insertText('!', posInText(state.doc, 'Dos') + 3));
    expect(plugins(state).headingVersion).toBe(headingVersion + 1);
    state = state.apply(state.tr.insertText('!', posInText(state.doc, 'd') + 1));
    expect(plugins(state).headingVersion).toBe(headingVersion + 1);
    expect(plugins(state).structureVersion).toBe(structureVersion);
  });

  it('keep typing cheap on the full constitution: no renumbering per keystroke', () => {
    const { doc } = importMarkdown(readFileSync(new URL('../../fixtures/constitucion_cdmx.md', import.meta.url), 'utf8'));
    let state = EditorState.create({ doc, plugins: [numberingPlugin(), uidPlugin()] });
    const target = Math.floor(doc.content.size / 2);
    state = state.apply(state.tr.setSelection(TextSelection.near(state.doc.resolve(target))));
    const version = plugins(state).structureVersion;
    for (const ch of 'texto') state = state.apply(state.tr.insertText(ch));
    expect(plugins(state).structureVersion).toBe(version);
    expect(shown(state).length).toBe(computeNumberAttrs(state.doc).length);
  });
});
