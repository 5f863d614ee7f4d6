/**
 * The connection state in the header: a word for the state (colour repeats it, never replaces it)
 * and, when there are any, the number of changes not yet sent. `data-state` is
 * connected | connecting | offline for tests and styles.
 */
import type { MessageKey } from '../../shared/i18n/index.ts';
import type { ConnectionView } from '../collab/connection-state.ts';
import { el } from './element.ts';
import type { Localizer } from './i18n.ts';

function stateKey(view: ConnectionView): MessageKey {
  if (view.phase === 'connected') return 'connection.connected';
  if (view.phase === 'connecting') return view.loaded ? 'connection.reconnecting' : 'connection.connecting';
  return view.stopped ? 'connection.stopped' : 'connection.offline';
}

export class ConnectionIndicator {
  readonly element: HTMLElement;
  private readonly prefix: HTMLElement;
  private readonly text: HTMLElement;
  private readonly unsent: HTMLElement;
  private view: ConnectionView | null = null;

  constructor(private readonly i18n: Localizer) {
    this.prefix = el('span', { class: 'visually-hidden' });
    this.text = el('span', { class: 'connection-text' });
    this.unsent = el('span', { class: 'connection-unsent', 'data-testid': 'unsent-count' });
    this.element = el(
      'div',
      { class: 'connection', 'data-testid': 'connection-state', 'data-state': 'connecting' },
      el('span', { class: 'connection-dot', 'aria-hidden': 'true' }),
      this.prefix,
      this.text,
      this.unsent,
    );
  }

  update(view: ConnectionView): void {
    this.view = view;
    this.element.dataset.state = view.phase;
    this.element.dataset.unsent = String(view.unsent);
    this.localize();
  }

  localize(): void {
    this.prefix.textContent = `${this.i18n.t('connection.label')}: `;
    if (!this.view) return;
    this.text.textContent = this.i18n.t(stateKey(this.view));
    const { unsent } = this.view;
    this.unsent.textContent = unsent === 0 ? '' : unsent === 1 ? this.i18n.t('connection.unsent.one') : this.i18n.t('connection.unsent.many', { count: unsent });
    this.unsent.hidden = unsent === 0;
  }
}
