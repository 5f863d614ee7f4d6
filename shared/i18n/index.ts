/** The UI languages and a lookup with {name} placeholders (and plural forms). Spanish is the default. */
import { en } from './en.ts';
import { es, type MessageKey, type Messages } from './es.ts';

export type Lang = 'es' | 'en';
export const LANGS: readonly Lang[] = ['es', 'en'];
export const DEFAULT_LANG: Lang = 'es';

const catalogs: Record<Lang, Messages> = { es, en };

/** The locale whose numbers, dates and plural rules each language follows. */
export const LOCALES: Readonly<Record<Lang, string>> = { es: 'es-MX', en: 'en-US' };

/**
 * Messages with plural forms: a key `<base>.other`, a key `<base>.one`, and for the few languages
 * that need them more of Intl.PluralRules' categories (`<base>.many`…); a missing one falls back
 * to `other`.
 */
export type PluralBase = { [K in MessageKey]: K extends `${infer Base}.other` ? (`${Base}.one` extends MessageKey ? Base : never) : never }[MessageKey];

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The plural category of `count` in `lang` ("one", "other", and in Spanish "many" for a million…). */
export function pluralCategory(lang: Lang, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(LOCALES[lang]);
    pluralRules.set(lang, rules);
  }
  return rules.select(count);
}

/**
 * The form of the plural message `base` that fits `count` ("1 evento", "2 eventos"), with `{count}`
 * filled by the number written for `lang` ("1,234") unless `params` gives it.
 */
export function translatePlural(lang: Lang, base: PluralBase, count: number, params: Record<string, string | number> = {}): string {
  const catalog: Readonly<Record<string, string>> = catalogs[lang];
  const wanted = `${base}.${pluralCategory(lang, count)}`;
  const key = (wanted in catalog ? wanted : `${base}.other`) as MessageKey;
  return translate(lang, key, { count: count.toLocaleString(LOCALES[lang]), ...params });
}

/** The text for `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[lang][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type { MessageKey, Messages };
