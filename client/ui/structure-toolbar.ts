/**
 * The structure toolbar above the text, for people who prefer pointing to shortcuts: insert
 * article, apartado and blocks, change the block's kind, move the article, undo and redo. Each
 * button shows its shortcut in its tooltip and `aria-keyshortcuts`, and is marked unavailable
 * where its command cannot run. One Tab stop; arrow keys move between controls (ARIA toolbar).
 */
import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { BLOCK_KINDS, type BlockKind, isBlockKind } from '../../shared/schema/legal-schema.ts';
import { ariaKeys, type EditorCommandId, formatKeys, keysFor } from '../editor/shortcuts.ts';
import { el } from './element.ts';
import { keyWords } from './help-panel.ts';
import type { Localizer } from './i18n.ts';

interface Tool {
  command: EditorCommandId;
  short: MessageKey;
  long: MessageKey;
  glyph?: string;
  /** Shows only the glyph; the name stays as the accessible name and in the tooltip. */
  iconOnly?: boolean;
  /** Available whether or not the text may be edited now (linking goes through REST, not the text). */
  notAnEdit?: boolean;
}

const GROUPS: ReadonlyArray<{ label: MessageKey; tools: readonly Tool[] }> = [
  {
    label: 'tool.insertGroup',
    tools: [
      { command: 'insertArticle', short: 'tool.article', long: 'cmd.insertArticle', glyph: '+' },
      { command: 'insertApartado', short: 'tool.apartado', long: 'cmd.insertApartado', glyph: '+' },
      { command: 'insertParrafo', short: 'tool.parrafo', long: 'cmd.insertParrafo', glyph: '+' },
      { command: 'insertNumeral', short: 'tool.numeral', long: 'cmd.insertNumeral', glyph: '+' },
      { command: 'insertFraccion', short: 'tool.fraccion', long: 'cmd.insertFraccion', glyph: '+' },
      { command: 'insertInciso', short: 'tool.inciso', long: 'cmd.insertInciso', glyph: '+' },
    ],
  },
  {
    label: 'tool.moveGroup',
    tools: [
      { command: 'moveUp', short: 'tool.moveUp', long: 'cmd.moveUp', glyph: '↑', iconOnly: true },
      { command: 'moveDown', short: 'tool.moveDown', long: 'cmd.moveDown', glyph: '↓', iconOnly: true },
    ],
  },
  {
    label: 'tool.historyGroup',
    tools: [
      { command: 'undo', short: 'tool.undo', long: 'cmd.undo', glyph: '↶', iconOnly: true },
      { command: 'redo', short: 'tool.redo', long: 'cmd.redo', glyph: '↷', iconOnly: true },
    ],
  },
];

/** Provenance: for people who may link text to citizen sources. */
const LINK_GROUP: { label: MessageKey; tools: readonly Tool[] } = {
  label: 'tool.provenanceGroup',
  tools: [{ command: 'linkSource', short: 'tool.linkSource', long: 'cmd.linkSource', notAnEdit: true }],
};

const KIND_COMMAND: Record<BlockKind, EditorCommandId> = {
  parrafo: 'toParrafo',
  numeral: 'toNumeral',
  fraccion: 'toFraccion',
  inciso: 'toInciso',
};

const KIND_LABEL: Record<BlockKind, MessageKey> = {
  parrafo: 'tool.parrafo',
  numeral: 'tool.numeral',
  fraccion: 'tool.fraccion',
  inciso: 'tool.inciso',
};

export class StructureToolbar {
  readonly element: HTMLElement;
  private readonly buttons = new Map<EditorCommandId, { button: HTMLButtonElement; tool: Tool }>();
  private readonly groupElements: Array<{ element: HTMLElement; label: MessageKey }> = [];
  private readonly kindSelect: HTMLSelectElement;
  private readonly kindLabel: HTMLElement;

  constructor(
    private readonly i18n: Localizer,
    private readonly mac: boolean,
    private readonly commands: Record<EditorCommandId, Command>,
    private readonly view: () => EditorView | null,
    private readonly onRefused: () => void,
    options: { linking?: boolean } = {},
  ) {
    this.kindLabel = el('span', { class: 'visually-hidden', id: 'kind-label' });
    this.kindSelect = el(
      'select',
      { class: 'kind-select', 'aria-labelledby': 'kind-label', 'data-testid': 'block-kind', tabindex: '-1' },
      ...BLOCK_KINDS.map((kind) => el('option', { value: kind })),
    );
    this.kindSelect.addEventListener('change', () => {
      const kind = this.kindSelect.value;
      if (isBlockKind(kind)) this.run(KIND_COMMAND[kind]);
      // When the change was declined (someone else is writing in the block) the list must not
      // claim the new kind; after a change it shows the same value anyway.
      const current = this.view()?.state.selection.$from.parent.type.name ?? '';
      if (isBlockKind(current)) this.kindSelect.value = current;
    });
    const groups = [...GROUPS, ...(options.linking ? [LINK_GROUP] : [])].map(({ label, tools }) => {
      const group = el(
        'div',
        { class: 'tool-group', role: 'group' },
        ...tools.map((tool) => {
          const button = el(
            'button',
            { type: 'button', class: 'tool', 'data-command': tool.command, tabindex: '-1' },
            tool.glyph ? el('span', { class: 'tool-glyph', 'aria-hidden': 'true' }, tool.glyph) : null,
            el('span', { class: tool.iconOnly ? 'tool-text visually-hidden' : 'tool-text' }),
          );
          const keys = keysFor(tool.command);
          if (keys.length > 0) button.setAttribute('aria-keyshortcuts', keys.map((k) => ariaKeys(k, mac)).join(' '));
          // Keep the editor's selection: the toolbar acts on it.
          button.addEventListener('mousedown', (event) => event.preventDefault());
          button.addEventListener('click', () => this.run(tool.command));
          this.buttons.set(tool.command, { button, tool });
          return button;
        }),
      );
      this.groupElements.push({ element: group, label });
      return group;
    });
    const first = groups[0];
    this.element = el(
      'div',
      { class: 'toolbar', role: 'toolbar', 'data-testid': 'structure-toolbar' },
      ...(first ? [first] : []),
      el('div', { class: 'tool-group' }, this.kindLabel, this.kindSelect),
      ...groups.slice(1),
    );
    this.element.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.controls()[0]?.setAttribute('tabindex', '0');
    this.localize();
  }

  /** Reflects what can be done at the current selection. */
  update(state: EditorState, editable: boolean): void {
    for (const [id, { button, tool }] of this.buttons) {
      const available = (editable || tool.notAnEdit === true) && this.commands[id](state);
      button.setAttribute('aria-disabled', String(!available));
    }
    const parent = state.selection.$from.parent;
    const kind = parent.type.name;
    if (isBlockKind(kind)) {
      this.kindSelect.value = kind;
      this.kindSelect.disabled = !editable;
    } else {
      this.kindSelect.selectedIndex = -1;
      this.kindSelect.disabled = true;
    }
  }

  localize(): void {
    const words = keyWords(this.i18n);
    this.element.setAttribute('aria-label', this.i18n.t('toolbar.label'));
    for (const { element, label } of this.groupElements) element.setAttribute('aria-label', this.i18n.t(label));
    for (const [id, { button, tool }] of this.buttons) {
      const text = button.querySelector('.tool-text');
      if (text) text.textContent = this.i18n.t(tool.short);
      const keys = keysFor(id).map((k) => formatKeys(k, this.mac, words));
      button.title = keys.length > 0 ? `${this.i18n.t(tool.long)} (${keys.join(` ${this.i18n.t('help.or')} `)})` : this.i18n.t(tool.long);
    }
    this.kindLabel.textContent = this.i18n.t('toolbar.kind');
    for (const option of Array.from(this.kindSelect.options)) {
      if (isBlockKind(option.value)) option.textContent = this.i18n.t(KIND_LABEL[option.value]);
    }
  }

  private run(id: EditorCommandId): void {
    const view = this.view();
    if (!view) return;
    const ok = this.commands[id](view.state, view.dispatch, view);
    view.focus();
    if (!ok) this.onRefused();
  }

  private controls(): HTMLElement[] {
    return Array.from(this.element.querySelectorAll<HTMLElement>('button.tool, select.kind-select:not(:disabled)'));
  }

  private onKeyDown(event: KeyboardEvent): void {
    const controls = this.controls();
    const index = controls.indexOf(event.target as HTMLElement);
    if (index < 0) return;
    let next: number;
    if (event.key === 'ArrowRight') next = (index + 1) % controls.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + controls.length) % controls.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = controls.length - 1;
    else return;
    event.preventDefault();
    for (const control of controls) control.setAttribute('tabindex', '-1');
    controls[next]?.setAttribute('tabindex', '0');
    controls[next]?.focus();
  }
}
