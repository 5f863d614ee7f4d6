/** The UI languages and a lookup with {name} placeholders. Spanish is the default. */
import { en } from './en.ts';
import { es, type MessageKey, type Messages } from './es.ts';

export type Lang = 'es' | 'en';
export const LANGS: readonly Lang[] = ['es', 'en'];
export const DEFAULT_LANG: Lang = 'es';

const catalogs: Record<Lang, Messages> = { es, en };

/** The text for `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[lang][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type { MessageKey, Messages };
