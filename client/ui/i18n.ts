/**
 * The interface language. Spanish by default; the choice is remembered in localStorage. Components
 * register to re-render their text when it changes, so switching never reloads the page or loses
 * the editor's state.
 */
import { DEFAULT_LANG, LANGS, type Lang, LOCALES, type MessageKey, type PluralBase, translate, translatePlural } from '../../shared/i18n/index.ts';
import type { KeyValueStore } from '../session/token-store.ts';

export const LANG_STORAGE_KEY = 'carta.lang';

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export class Localizer {
  private current: Lang;
  private readonly listeners = new Set<(lang: Lang) => void>();

  constructor(private readonly store: KeyValueStore) {
    let saved: string | null = null;
    try {
      saved = store.getItem(LANG_STORAGE_KEY);
    } catch {
      saved = null;
    }
    this.current = isLang(saved) ? saved : DEFAULT_LANG;
  }

  get lang(): Lang {
    return this.current;
  }

  /** The language the switch offers (the one not in use). */
  get other(): Lang {
    return LANGS.find((lang) => lang !== this.current) ?? DEFAULT_LANG;
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.current, key, params);
  }

  /** The form of a plural message that fits `count` ("1 evento", "3 eventos"), `{count}` written for the language. */
  plural(base: PluralBase, count: number, params?: Record<string, string | number>): string {
    return translatePlural(this.current, base, count, params);
  }

  /** The locale of the current language, for numbers and dates ("es-MX", "en-US"). */
  get locale(): string {
    return LOCALES[this.current];
  }

  set(lang: Lang): void {
    if (lang === this.current) return;
    this.current = lang;
    try {
      this.store.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // The choice then lasts for this page only.
    }
    for (const listener of this.listeners) listener(lang);
  }

  /** Calls `listener` after each change of language; returns a function that unsubscribes. */
  onChange(listener: (lang: Lang) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
