/**
 * The frame of the public trace pages: a header with Carta's name, the sections (document, sources,
 * audit) and the language switch, and the page's main region. No sign-in is needed; a signed-in
 * person's token is sent along all the same. Pages re-render from the data they hold when the
 * language changes.
 */
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import { LanguageSwitch } from '../ui/language-switch.ts';
import { StatusAnnouncer } from '../ui/status.ts';
import type { TraceRoute } from './trace-route.ts';

export interface TracePage {
  /** The page's title (for the tab), in the current language. */
  title(): string;
  /** Draws the page into `main` from what it holds. */
  render(main: HTMLElement): void;
}

export class TraceShell {
  readonly main: HTMLElement;
  readonly announcer = new StatusAnnouncer();
  private readonly nav: HTMLElement;
  private readonly language: LanguageSwitch;
  private readonly footer: HTMLElement;
  /** The audit log's head, for anyone to note (and later check that nothing before it was rewritten). */
  private auditHead: { count: number; hash: string } | null = null;
  private page: TracePage | null = null;
  /** Who is signed in (their account menu) or a sign-in link, beside the language switch. */
  private readonly accountSlot = el('div', { class: 'trace-account' });
  private account: { element: HTMLElement; localize(): void } | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly i18n: Localizer,
    private readonly route: TraceRoute,
  ) {
    this.main = el('main', { class: 'trace-main', id: 'trace-main', tabindex: '-1', 'data-testid': 'trace-main' });
    this.nav = el('nav', { class: 'trace-nav' });
    this.language = new LanguageSwitch(i18n);
    const header = el('header', { class: 'trace-header' }, el('a', { class: 'trace-brand', href: '/' }, 'Carta'), this.nav, this.accountSlot, this.language.element);
    this.footer = el('footer', { class: 'audit-footer', 'data-testid': 'audit-footer' });
    root.replaceChildren(el('div', { class: 'trace-app', 'data-testid': 'trace-app', 'data-page': route.page }, header, this.main, this.footer, this.announcer.element));
    i18n.onChange(() => this.localize());
    this.localize();
    void fetch('/api/audit/head', { headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? (response.json() as Promise<{ count: number; hash: string }>) : null))
      .then((head) => {
        if (head && typeof head.count === 'number' && typeof head.hash === 'string') {
          this.auditHead = head;
          this.localize();
        }
      })
      .catch(() => {
        // The footer is a convenience: the pages work without it.
      });
  }

  /** Shows the person's account menu, or the sign-in link, in the header. */
  setAccount(account: { element: HTMLElement; localize(): void }): void {
    this.account = account;
    this.accountSlot.replaceChildren(account.element);
    account.localize();
  }

  show(page: TracePage): void {
    this.page = page;
    this.localize();
  }

  /** Renders the current page again (after its data changed). */
  refresh(): void {
    this.localize();
  }

  private localize(): void {
    const t = this.i18n.t.bind(this.i18n);
    document.documentElement.lang = this.i18n.lang;
    this.language.localize();
    this.account?.localize();
    this.nav.setAttribute('aria-label', t('trace.nav.label'));
    const current = this.route.page === 'source' ? 'sources' : this.route.page;
    const item = (href: string, label: string, key: string): HTMLElement =>
      el('a', { href, class: 'trace-nav-link', 'aria-current': key === current ? 'page' : null }, label);
    this.nav.replaceChildren(item('/', t('trace.nav.document'), 'document'), item('/sources', t('trace.nav.sources'), 'sources'), item('/auditor', t('trace.nav.auditor'), 'auditor'));
    this.footer.replaceChildren(
      this.auditHead
        ? el(
            'p',
            {},
            this.i18n.plural('history.audit.head', this.auditHead.count),
            ' ',
            el('code', { class: 'audit-hash', title: this.auditHead.hash, 'data-testid': 'audit-head-hash' }, this.auditHead.hash),
          )
        : '',
    );
    if (this.page) {
      document.title = t('app.title', { title: this.page.title() });
      this.page.render(this.main);
    } else {
      document.title = t('app.name');
      this.main.replaceChildren(el('p', { class: 'muted', role: 'status' }, t('trace.loading')));
    }
  }
}
