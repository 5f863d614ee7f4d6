import type { TagParseRule } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { legalClipboardParser, withValidAttrs } from '../../client/editor/clipboard-parser.ts';
import { editorCommands } from '../../client/editor/editor-commands.ts';
import { shortcutBindings } from '../../client/editor/keymap.ts';
import { ariaKeys, formatKeys, SHORTCUTS } from '../../client/editor/shortcuts.ts';
import { en } from '../../shared/i18n/en.ts';
import { es } from '../../shared/i18n/es.ts';
import { translate } from '../../shared/i18n/index.ts';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import { b } from '../support/legal-doc-builder.ts';

const words = { ctrl: 'Ctrl', alt: 'Alt', shift: 'Mayús', enter: 'Intro', escape: 'Esc', up: '↑', down: '↓' };

describe('the shortcut table', () => {
  it('binds every listed key of every editor command, and nothing twice', () => {
    const bindings = shortcutBindings(editorCommands(() => {}));
    const listed = SHORTCUTS.filter((s) => s.command !== null).flatMap((s) => s.keys);
    expect(Object.keys(bindings).sort()).toEqual([...listed].sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('reports a structural shortcut that did nothing, but not Enter, marks or undo, and claims undo’s key anyway', () => {
    const refused: string[] = [];
    const state = EditorState.create({ doc: b.doc(b.preambulo('Preámbulo')) });
    const bindings = shortcutBindings(editorCommands(() => {}), (id) => refused.push(id));
    const dispatch = (): void => {};
    // The preámbulo holds no numerales, and there is no article to move.
    expect(bindings['Mod-Alt-n']!(state, dispatch)).toBe(false);
    expect(bindings['Alt-Shift-ArrowUp']!(state, dispatch)).toBe(false);
    // Without a shared document there is no undo stack: the key is still claimed, and is undo's own news.
    expect(bindings['Mod-z']!(state, dispatch)).toBe(true);
    // Asking whether a command applies (no dispatch) is not a refusal.
    expect(bindings['Mod-Alt-n']!(state)).toBe(false);
    expect(refused).toEqual(['insertNumeral', 'moveUp']);
  });

  it('has a label in both languages for every entry', () => {
    for (const shortcut of SHORTCUTS) {
      expect(es[shortcut.label]).toBeTruthy();
      expect(en[shortcut.label]).toBeTruthy();
    }
  });

  it('prints keys for people on each platform and for aria-keyshortcuts', () => {
    expect(formatKeys('Mod-Alt-n', false, words)).toBe('Ctrl+Alt+N');
    expect(formatKeys('Mod-Alt-n', true, words)).toBe('⌥⌘N');
    expect(formatKeys('Mod-Shift-Enter', false, words)).toBe('Ctrl+Mayús+Intro');
    expect(formatKeys('Alt-Shift-ArrowUp', false, words)).toBe('Alt+Mayús+↑');
    expect(formatKeys('Mod-]', false, words)).toBe('Ctrl+]');
    expect(formatKeys('?', false, words)).toBe('?');
    expect(ariaKeys('Mod-Alt-n', false)).toBe('Control+Alt+N');
    expect(ariaKeys('Mod-Alt-n', true)).toBe('Meta+Alt+N');
  });

  it('opens the help with a modifier shortcut that works in the text too, and says "?" is for outside it', () => {
    // "?" typed in the text is a question mark in the constitution: the help needs a key with a modifier.
    const help = SHORTCUTS.find((s) => s.command === 'help');
    expect(help?.keys).toEqual(['Mod-/']);
    expect(SHORTCUTS.find((s) => s.keys.includes('?'))?.label).toBe('cmd.helpOutside');
    expect(formatKeys('Mod-/', false, words)).toBe('Ctrl+/');
    expect(formatKeys('Mod-/', true, words)).toBe('⌘/');
    expect(translate('es', 'help.open', { keys: 'Ctrl+/' })).toMatch(/^Abre esta ayuda con Ctrl\+\/ desde cualquier lugar, también mientras escribes en el texto;/);
    expect(translate('en', 'help.open', { keys: '⌘/' })).toMatch(/^Open this help with ⌘\/ from anywhere, also while typing in the text;/);
  });
});

/** Enough of an element for parse rules' getAttrs, which only read attributes. */
function fakeElement(attributes: Record<string, string>): HTMLElement {
  return { getAttribute: (name: string) => attributes[name] ?? null } as unknown as HTMLElement;
}

describe('the clipboard parser', () => {
  const rules = legalClipboardParser().rules;
  const linkRule = rules.find((rule): rule is TagParseRule => 'tag' in rule && rule.mark === 'link');
  const paragraphRule = rules.find((rule): rule is TagParseRule => 'tag' in rule && rule.tag === 'p' && rule.node === 'parrafo');

  it('drops a link mark whose href or title the schema refuses, so that its text is pasted plain', () => {
    expect(linkRule?.getAttrs).toBeDefined();
    const getAttrs = linkRule!.getAttrs!;
    expect(getAttrs(fakeElement({ href: 'https://example.org/a', title: 'Ejemplo' }))).toEqual({ href: 'https://example.org/a', title: 'Ejemplo' });
    // Over the schema's limits: the rule does not match (false), instead of throwing mid-paste.
    expect(getAttrs(fakeElement({ href: `https://example.org/${'a'.repeat(2100)}` }))).toBe(false);
    expect(getAttrs(fakeElement({ href: 'https://example.org/a', title: 't'.repeat(501) }))).toBe(false);
    expect(() => legalSchema.marks.link!.create({ href: `https://example.org/${'a'.repeat(2100)}` })).toThrow(RangeError);
    // Unsafe schemes were already refused by the schema's own rule.
    expect(getAttrs(fakeElement({ href: 'javascript:alert(1)' }))).toBe(false);
  });

  it('reads a pasted paragraph without a valid uid as having none, so the uid plugin gives it one', () => {
    const getAttrs = paragraphRule?.getAttrs;
    expect(getAttrs).toBeDefined();
    expect(getAttrs!(fakeElement({}))).toEqual({});
    expect(getAttrs!(fakeElement({ 'data-uid': 'not a uid!' }))).toEqual({});
    expect(getAttrs!(fakeElement({ 'data-uid': 'abcdefgh1234' }))).toEqual({ uid: 'abcdefgh1234' });
    expect(legalSchema.nodes.parrafo!.create({}).attrs.uid).toBeNull();
  });

  it('leaves rules without attributes alone and keeps a refusing rule refusing', () => {
    const plain: TagParseRule = { tag: 'em', mark: 'em' };
    expect(withValidAttrs(plain)).toBe(plain);
    const refusing = withValidAttrs({ tag: 'p', node: 'parrafo', getAttrs: () => false }) as TagParseRule;
    expect(refusing.getAttrs!(fakeElement({}))).toBe(false);
  });
});

describe('the UI strings', () => {
  it('exist in English for every Spanish key', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
    for (const value of Object.values(en)) expect(value.trim()).not.toBe('');
  });
});
