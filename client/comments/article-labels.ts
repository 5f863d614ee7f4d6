/**
 * "Artículo 13" or "Transitorio PRIMERO" ("Article 13" in English) for an article uid, from the
 * numbers derived from the editor's document now (numbers are never stored). Rebuilt when the
 * document or the language changes; an article not in the text is named by its uid.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { documentOutline } from '../../shared/schema/outline.ts';
import type { Localizer } from '../ui/i18n.ts';

export class ArticleLabels {
  private cache: { doc: PMNode; lang: string; byUid: Map<string, string> } | null = null;

  constructor(
    private readonly i18n: Localizer,
    private readonly doc: () => PMNode | null,
  ) {}

  label(uid: string): string {
    const doc = this.doc();
    if (!doc) return uid;
    if (this.cache?.doc !== doc || this.cache.lang !== this.i18n.lang) {
      const byUid = new Map<string, string>();
      for (const entry of documentOutline(doc)) {
        if (entry.kind === 'articulo') byUid.set(entry.uid, this.i18n.t('prov.label.articulo', { num: entry.num }));
        else if (entry.kind === 'transitorio') byUid.set(entry.uid, this.i18n.t('prov.label.transitorio', { num: entry.num }));
      }
      this.cache = { doc, lang: this.i18n.lang, byUid };
    }
    return this.cache.byUid.get(uid) ?? uid;
  }
}
