import { describe, expect, it } from 'vitest';
import { omitNullUid } from '../../client/editor/clipboard-parser.ts';
import { editorCommands } from '../../client/editor/editor-commands.ts';
import { shortcutBindings } from '../../client/editor/keymap.ts';
import { ariaKeys, formatKeys, SHORTCUTS } from '../../client/editor/shortcuts.ts';
import { en } from '../../shared/i18n/en.ts';
import { es } from '../../shared/i18n/es.ts';

const words = { ctrl: 'Ctrl', alt: 'Alt', shift: 'Mayús', enter: 'Intro', escape: 'Esc', up: '↑', down: '↓' };

describe('the shortcut table', () => {
  it('binds every listed key of every editor command, and nothing twice', () => {
    const bindings = shortcutBindings(editorCommands(() => {}));
    const listed = SHORTCUTS.filter((s) => s.command !== null).flatMap((s) => s.keys);
    expect(Object.keys(bindings).sort()).toEqual([...listed].sort());
    expect(new Set(listed).size).toBe(listed.length);
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
});

describe('the clipboard parser', () => {
  it('leaves a missing uid out so that the node gets the default and then a fresh uid', () => {
    const wrapped = omitNullUid(() => ({ uid: null }));
    expect(wrapped({} as HTMLElement)).toEqual({});
    expect(omitNullUid(() => ({ uid: 'abcdefgh1234' }))({} as HTMLElement)).toEqual({ uid: 'abcdefgh1234' });
    expect(omitNullUid(() => false)({} as HTMLElement)).toBe(false);
  });
});

describe('the UI strings', () => {
  it('exist in English for every Spanish key', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
    for (const value of Object.values(en)) expect(value.trim()).not.toBe('');
  });
});
