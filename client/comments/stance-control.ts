/**
 * Support and opposition of an article. Everyone sees the counts; a citizen has two toggle buttons
 * (aria-pressed), holds at most one stance per article and may change it or, pressing the chosen
 * one again, withdraw it. The counts follow others' stances through the page's `comments-changed`
 * notices (the panel calls `load` again), never by polling.
 */
import type { Stance, StanceAnswer } from '../../shared/comments/comment-types.ts';
import { el } from '../ui/element.ts';
import type { Localizer } from '../ui/i18n.ts';
import type { CommentApi } from './comment-api.ts';
import { commentErrorText } from './comment-errors.ts';

export interface StanceHooks {
  api: CommentApi;
  docId: string;
  /** Whether this person may take a stance (citizens). */
  canTakeStance: boolean;
  articleLabel: (uid: string) => string;
  say: (message: string) => void;
}

export class StanceControl {
  readonly element: HTMLElement;
  private readonly label = el('span', { class: 'stance-label', id: 'stance-label' });
  private readonly support: HTMLButtonElement;
  private readonly oppose: HTMLButtonElement;
  private readonly counts = el('span', { class: 'stance-counts', 'data-testid': 'stance-counts' });
  private articleUid: string | null = null;
  private answer: StanceAnswer | null = null;
  private seq = 0;
  private busy = false;

  constructor(
    private readonly i18n: Localizer,
    private readonly hooks: StanceHooks,
  ) {
    this.support = el('button', { type: 'button', class: 'button stance-button', 'aria-pressed': 'false', 'data-stance': 'support', 'data-testid': 'stance-support' });
    this.oppose = el('button', { type: 'button', class: 'button stance-button', 'aria-pressed': 'false', 'data-stance': 'oppose', 'data-testid': 'stance-oppose' });
    this.support.addEventListener('click', () => void this.choose('support'));
    this.oppose.addEventListener('click', () => void this.choose('oppose'));
    this.element = el(
      'div',
      { class: 'stance', role: 'group', 'aria-labelledby': 'stance-label', 'data-testid': 'stance', hidden: true },
      this.label,
      hooks.canTakeStance ? el('div', { class: 'stance-buttons' }, this.support, this.oppose) : this.counts,
    );
    this.render();
  }

  /** Shows the stance of this article (null: none), loading its counts. */
  load(articleUid: string | null): void {
    if (articleUid !== this.articleUid) this.answer = null;
    this.articleUid = articleUid;
    const seq = ++this.seq;
    this.render();
    if (articleUid === null) return;
    this.hooks.api
      .stance(this.hooks.docId, articleUid)
      .then((answer) => {
        if (seq !== this.seq) return;
        this.answer = answer;
        this.render();
      })
      .catch((error: unknown) => {
        // The counts are an aside; the comments work without them.
        if (seq === this.seq) console.warn('carta: could not load the stance counts', error);
      });
  }

  localize(): void {
    this.render();
  }

  private render(): void {
    const t = this.i18n.t.bind(this.i18n);
    const answer = this.answer;
    this.element.hidden = this.articleUid === null;
    this.label.textContent = this.hooks.canTakeStance ? t('stance.question') : t('stance.title');
    const support = answer?.support ?? 0;
    const oppose = answer?.oppose ?? 0;
    this.support.textContent = t('stance.support', { count: support });
    this.oppose.textContent = t('stance.oppose', { count: oppose });
    this.support.setAttribute('aria-pressed', String(answer?.mine === 'support'));
    this.oppose.setAttribute('aria-pressed', String(answer?.mine === 'oppose'));
    this.counts.textContent = answer ? t('stance.counts', { support, oppose }) : t('stance.loading');
    this.element.dataset.support = String(support);
    this.element.dataset.oppose = String(oppose);
  }

  private async choose(stance: Stance): Promise<void> {
    const uid = this.articleUid;
    if (uid === null || this.busy) return;
    // Pressing the stance one holds withdraws it.
    const next = this.answer?.mine === stance ? null : stance;
    this.busy = true;
    const seq = ++this.seq;
    try {
      const answer = await this.hooks.api.setStance(this.hooks.docId, uid, next);
      if (seq === this.seq) {
        this.answer = answer;
        this.render();
      }
      const article = this.hooks.articleLabel(uid);
      this.hooks.say(this.i18n.t(next === 'support' ? 'stance.done.support' : next === 'oppose' ? 'stance.done.oppose' : 'stance.done.none', { article }));
    } catch (error) {
      this.hooks.say(commentErrorText(this.i18n.t.bind(this.i18n), error));
    } finally {
      this.busy = false;
    }
  }
}
