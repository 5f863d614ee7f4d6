/**
 * The keyboard help (opened with "?" outside the text, Mod-/ anywhere, or the header's "?" button):
 * a modal dialog listing every shortcut from the shortcut table, grouped, in the current language
 * and with the current platform's key names.
 */
import type { MessageKey } from '../../shared/i18n/index.ts';
import { formatKeys, keysFor, SHORTCUTS, type KeyWords, type ShortcutGroup } from '../editor/shortcuts.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';

const GROUPS: ReadonlyArray<{ group: ShortcutGroup; title: MessageKey }> = [
  { group: 'insert', title: 'help.group.insert' },
  { group: 'kind', title: 'help.group.kind' },
  { group: 'move', title: 'help.group.move' },
  { group: 'edit', title: 'help.group.edit' },
  { group: 'provenance', title: 'help.group.provenance' },
  { group: 'comments', title: 'help.group.comments' },
  { group: 'general', title: 'help.group.general' },
];

/** True on Apple platforms, where Mod is Cmd. */
export function isMacPlatform(): boolean {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  const platform = nav.userAgentData?.platform ?? navigator.platform ?? '';
  return /mac|iphone|ipad|ipod/i.test(platform);
}

export function keyWords(i18n: Localizer): KeyWords {
  return {
    ctrl: i18n.t('key.ctrl'),
    alt: i18n.t('key.alt'),
    shift: i18n.t('key.shift'),
    enter: i18n.t('key.enter'),
    escape: i18n.t('key.escape'),
    up: i18n.t('key.up'),
    down: i18n.t('key.down'),
  };
}

export class HelpPanel {
  readonly element: HTMLDialogElement;
  private returnFocus: HTMLElement | null = null;

  constructor(
    private readonly i18n: Localizer,
    private readonly mac: boolean,
  ) {
    this.element = el('dialog', { class: 'help-panel', 'aria-labelledby': 'help-title', 'data-testid': 'help-panel' });
    this.element.addEventListener('close', () => {
      this.returnFocus?.focus({ preventScroll: true });
      this.returnFocus = null;
    });
    // A click on the backdrop (outside the panel's box) closes it.
    this.element.addEventListener('click', (event) => {
      if (event.target === this.element) this.close();
    });
    this.localize();
  }

  get isOpen(): boolean {
    return this.element.open;
  }

  open(): void {
    if (this.element.open) return;
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.element.showModal();
  }

  close(): void {
    if (this.element.open) this.element.close();
  }

  localize(): void {
    const words = keyWords(this.i18n);
    const closeButton = el('button', { type: 'button', class: 'button', 'data-testid': 'help-close' }, this.i18n.t('help.close'));
    closeButton.addEventListener('click', () => this.close());
    const sections = GROUPS.map(({ group, title }) => {
      const rows = SHORTCUTS.filter((s) => s.group === group).map((shortcut) => {
        const keys: Array<Node | string> = [];
        shortcut.keys.forEach((k, i) => {
          if (i > 0) keys.push(` ${this.i18n.t('help.or')} `);
          keys.push(el('kbd', {}, formatKeys(k, this.mac, words)));
        });
        return el('tr', {}, el('td', { class: 'help-keys' }, ...keys), el('td', {}, this.i18n.t(shortcut.label)));
      });
      return el(
        'section',
        { class: 'help-group' },
        el('h3', {}, this.i18n.t(title)),
        el(
          'table',
          {},
          el('thead', { class: 'visually-hidden' }, el('tr', {}, el('th', { scope: 'col' }, this.i18n.t('help.keys')), el('th', { scope: 'col' }, this.i18n.t('help.action')))),
          el('tbody', {}, ...rows),
        ),
      );
    });
    this.element.replaceChildren(
      el('div', { class: 'help-head' }, el('h2', { id: 'help-title' }, this.i18n.t('help.title')), closeButton),
      // "?" types a question mark in the text, so the panel says how to open it from there too.
      el('p', { class: 'help-intro', 'data-testid': 'help-open' }, this.i18n.t('help.open', { keys: formatKeys(keysFor('help')[0] ?? 'Mod-/', this.mac, words) })),
      el('p', { class: 'help-intro' }, this.i18n.t('help.intro')),
      el('div', { class: 'help-groups' }, ...sections),
    );
  }
}
