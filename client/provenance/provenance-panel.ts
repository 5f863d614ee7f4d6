/**
 * The provenance panel in the right margin: the sources of the article where the caret is, each
 * with its kind, title (a link to the source's page), signatures and threshold level, the relation,
 * the rationale, who linked it and when, and the passage (or its saved quote when the passage was
 * deleted). A relocated passage (its text re-created where it stood: a moved article, an undone
 * deletion) says so. Members may re-anchor an orphaned passage whose quote still occurs, or a
 * relocated one (so that it follows edits again), and retire a link with a reason. Loaded per article from the server, a page at a time ("show more" fetches the
 * next), and kept until the links change.
 */
import type { ResolvedLink } from '../../shared/provenance/link-types.ts';
import { type Source, type Threshold, thresholdLevelReached } from '../../shared/provenance/source-types.ts';
import { ApiError } from '../session/api-client.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import type { ArticleProvenance, ProvenanceApi } from './provenance-api.ts';
import { formatDate, RELATION_LABEL, sourceFacts, sourcePath, STATUS_LABEL } from './source-labels.ts';

export interface ProvenancePanelHooks {
  api: ProvenanceApi;
  docId: string;
  /** Whether this person may re-anchor and retire links (members and admins). */
  canLink: boolean;
  /** "Artículo 13" for an article uid, in the current language. */
  articleLabel: (uid: string) => string;
  /** Told after this person retired or re-anchored a link, so the page refreshes the marks. */
  changed: () => void;
  /** A short visible and announced message. */
  say: (message: string) => void;
}

const SHOW_DELAY_MS = 150;

type PanelState = { kind: 'none' } | { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; data: ArticleProvenance };

function levelOf(source: Source, thresholds: readonly Threshold[]): number {
  return source.kind === 'petition' ? thresholdLevelReached(source.details.signatures, thresholds) : 0;
}

export class ProvenancePanel {
  readonly element: HTMLElement;
  private readonly heading = el('h3', { class: 'prov-title', id: 'prov-title', tabindex: '-1', 'data-testid': 'prov-title' });
  private readonly body = el('div', { class: 'prov-body', 'aria-live': 'polite' });
  private articleUid: string | null = null;
  private state: PanelState = { kind: 'none' };
  private readonly cache = new Map<string, ArticleProvenance>();
  private thresholds: Threshold[] = [];
  private timer: number | null = null;
  private seq = 0;

  constructor(
    private readonly i18n: Localizer,
    private readonly hooks: ProvenancePanelHooks,
  ) {
    this.element = el('section', { class: 'prov-panel', 'aria-labelledby': 'prov-title', 'data-testid': 'prov-panel' }, this.heading, this.body);
    hooks.api
      .thresholds()
      .then((thresholds) => {
        this.thresholds = thresholds;
        this.render();
      })
      .catch((error: unknown) => console.warn('carta: thresholds not loaded; levels shown as none', error));
    this.render();
  }

  /** Shows the article where the caret is now (null outside every article), after a short pause. */
  show(articleUid: string | null): void {
    if (articleUid === this.articleUid) return;
    this.articleUid = articleUid;
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.timer = null;
      this.load();
    }, SHOW_DELAY_MS);
  }

  /** Forgets what was loaded (the links changed) and loads the current article again. */
  invalidate(): void {
    this.cache.clear();
    this.load();
  }

  localize(): void {
    this.render();
  }

  private load(): void {
    const uid = this.articleUid;
    const seq = ++this.seq;
    if (uid === null) {
      this.state = { kind: 'none' };
      this.render();
      return;
    }
    const cached = this.cache.get(uid);
    if (cached) {
      this.state = { kind: 'ready', data: cached };
      this.render();
      return;
    }
    this.state = { kind: 'loading' };
    this.render();
    this.hooks.api
      .articleProvenance(this.hooks.docId, uid)
      .then((data) => {
        this.cache.set(uid, data);
        if (seq !== this.seq) return;
        this.state = { kind: 'ready', data };
        this.render();
      })
      .catch((error: unknown) => {
        if (seq !== this.seq) return;
        // A new article is not on the server yet (its text is still on its way): no sources.
        if (error instanceof ApiError && error.id === 'not-found') {
          this.state = { kind: 'ready', data: { article: { uid, num: '', eId: '', heading: '' }, links: [], sources: {}, total: 0, next: null } };
        } else {
          this.state = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
        }
        this.render();
      });
  }

  private render(): void {
    const t = this.i18n.t.bind(this.i18n);
    const uid = this.articleUid;
    this.heading.textContent = uid === null ? t('tool.provenanceGroup') : t('prov.title', { article: this.hooks.articleLabel(uid) });
    const state = this.state;
    if (state.kind === 'none') {
      this.body.replaceChildren(el('p', { class: 'muted' }, t('prov.noArticle')));
    } else if (state.kind === 'loading') {
      this.body.replaceChildren(el('p', { class: 'muted' }, t('prov.loading')));
    } else if (state.kind === 'error') {
      const retry = el('button', { type: 'button', class: 'button' }, t('prov.retry'));
      retry.addEventListener('click', () => this.invalidate());
      this.body.replaceChildren(el('p', { class: 'dialog-error' }, t('prov.error', { message: state.message })), retry);
    } else {
      const { data } = state;
      const links = data.links.filter((link) => link.status !== 'retired');
      const list = el('ul', { class: 'prov-list', 'data-testid': 'prov-list' }, ...links.map((link) => this.entry(link, data.sources[link.sourceId] ?? null)));
      this.body.replaceChildren(links.length === 0 && data.next === null ? el('p', { class: 'muted', 'data-testid': 'prov-none' }, t('prov.none')) : list);
      if (data.next !== null) this.body.append(this.moreButton(data));
    }
  }

  /** Loads the next page of the article's links below the ones shown; focus goes to the first new one. */
  private moreButton(data: ArticleProvenance): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    const remaining = Math.max(0, data.total - data.links.length);
    const button = el('button', { type: 'button', class: 'button prov-more', 'data-testid': 'prov-more' }, t('prov.more', { count: remaining }));
    button.addEventListener('click', () => {
      const uid = this.articleUid;
      const after = data.next;
      if (uid === null || after === null) return;
      button.disabled = true;
      button.textContent = t('prov.loading');
      const seq = this.seq;
      // Retired links are not listed, so the first new entry comes after the ones shown now.
      const listed = data.links.filter((link) => link.status !== 'retired').length;
      this.hooks.api
        .articleProvenance(this.hooks.docId, uid, after)
        .then((page) => {
          if (seq !== this.seq) return;
          const merged: ArticleProvenance = { ...page, links: [...data.links, ...page.links], sources: { ...data.sources, ...page.sources } };
          this.cache.set(uid, merged);
          this.state = { kind: 'ready', data: merged };
          this.render();
          const firstNew = this.body.querySelectorAll<HTMLElement>('[data-testid="prov-entry"]')[listed];
          firstNew?.setAttribute('tabindex', '-1');
          firstNew?.focus();
          this.hooks.say(t('prov.moreLoaded', { count: page.links.length }));
        })
        .catch((error: unknown) => {
          button.disabled = false;
          button.textContent = t('prov.more', { count: remaining });
          this.hooks.say(t('prov.actionError', { message: error instanceof Error ? error.message : String(error) }));
        });
    });
    return button;
  }

  private entry(link: ResolvedLink, source: Source | null): HTMLElement {
    const t = this.i18n.t.bind(this.i18n);
    const title = source
      ? el('a', { href: sourcePath(source.id), class: 'prov-source-title', 'data-testid': 'prov-source-link' }, source.title)
      : el('span', { class: 'prov-source-title' }, link.sourceId);
    const passage: HTMLElement[] = [];
    if (!link.anchor) {
      passage.push(el('p', { class: 'prov-scope' }, t('prov.wholeArticle')));
    } else if (link.status === 'orphaned') {
      passage.push(el('p', { class: 'prov-orphaned' }, t('prov.orphaned')), el('blockquote', { class: 'prov-quote prov-quote-orphaned', lang: 'es' }, link.anchor.quote));
    } else {
      passage.push(el('p', { class: 'prov-scope' }, t('prov.passage')), el('blockquote', { class: 'prov-quote', lang: 'es' }, link.text ?? link.anchor.quote));
      if (link.relocated) passage.push(el('p', { class: 'prov-relocated muted', 'data-testid': 'prov-relocated' }, t('prov.relocated')));
    }
    const actions = el('div', { class: 'prov-actions' });
    const item = el(
      'li',
      { class: 'prov-entry', 'data-testid': 'prov-entry', 'data-link-id': link.id, 'data-status': link.status },
      title,
      source ? sourceFacts(this.i18n, source, levelOf(source, this.thresholds), this.thresholds) : null,
      el('p', { class: 'prov-relation' }, el('span', { class: `badge badge-relation relation-${link.relation}` }, t(RELATION_LABEL[link.relation])), ' ', el('span', { class: 'prov-status' }, t(STATUS_LABEL[link.status]))),
      ...passage,
      el('p', { class: 'prov-rationale' }, el('span', { class: 'prov-label' }, t('prov.rationale')), ' ', link.rationale),
      el('p', { class: 'prov-byline muted' }, t('prov.linkedBy', { name: link.createdBy.name, date: formatDate(this.i18n, link.createdAt) })),
      actions,
    );
    if (this.hooks.canLink) {
      if ((link.status === 'orphaned' && link.reanchorable) || link.relocated) {
        const reanchor = el('button', { type: 'button', class: 'button', 'data-testid': 'prov-reanchor' }, t('prov.reanchor'));
        reanchor.addEventListener('click', () => void this.reanchor(link, reanchor));
        actions.append(reanchor);
      }
      const retire = el('button', { type: 'button', class: 'button', 'data-testid': 'prov-retire' }, t('prov.retire'));
      retire.addEventListener('click', () => this.askReason(link, item, retire));
      actions.append(retire);
    }
    return item;
  }

  private askReason(link: ResolvedLink, item: HTMLElement, retireButton: HTMLButtonElement): void {
    const t = this.i18n.t.bind(this.i18n);
    const id = `prov-reason-${link.id}`;
    const reason = el('textarea', { id, class: 'text-input', rows: 2, required: true, 'aria-required': 'true', maxlength: 2000, 'data-testid': 'prov-retire-reason' });
    const error = el('p', { class: 'dialog-error', role: 'alert', hidden: true });
    const confirm = el('button', { type: 'submit', class: 'button button-danger', 'data-testid': 'prov-retire-confirm' }, t('prov.retire.confirm'));
    const cancel = el('button', { type: 'button', class: 'button' }, t('prov.retire.cancel'));
    const form = el('form', { class: 'prov-retire-form', novalidate: true }, el('label', { for: id }, t('prov.retire.reason')), reason, error, el('div', { class: 'dialog-actions' }, cancel, confirm));
    const closeForm = (): void => {
      form.remove();
      retireButton.hidden = false;
      retireButton.focus();
    };
    cancel.addEventListener('click', closeForm);
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        closeForm();
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      if (text === '') {
        error.hidden = false;
        error.textContent = t('prov.retire.noReason');
        reason.focus();
        return;
      }
      confirm.setAttribute('aria-disabled', 'true');
      this.hooks.api
        .retireLink(link.id, text)
        .then(() => {
          this.hooks.say(t('prov.retired'));
          this.hooks.changed();
          this.heading.focus();
        })
        .catch((failure: unknown) => {
          confirm.removeAttribute('aria-disabled');
          error.hidden = false;
          // The reason stays in the field.
          error.textContent = t('prov.actionError', { message: failure instanceof Error ? failure.message : String(failure) });
        });
    });
    retireButton.hidden = true;
    item.append(form);
    reason.focus();
  }

  private async reanchor(link: ResolvedLink, button: HTMLButtonElement): Promise<void> {
    button.setAttribute('aria-disabled', 'true');
    try {
      await this.hooks.api.reanchorLink(link.id);
      this.hooks.say(this.i18n.t('prov.reanchored'));
      this.hooks.changed();
      this.heading.focus();
    } catch (error) {
      button.removeAttribute('aria-disabled');
      this.hooks.say(this.i18n.t('prov.actionError', { message: error instanceof Error ? error.message : String(error) }));
    }
  }
}
