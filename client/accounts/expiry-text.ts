/**
 * An invitation's expiry as a person reads it: the date in words and the time. Spanish gets the
 * 24-hour clock, whose "16:58" ends cleanly where "4:58 p.m." would end a sentence in "p.m..".
 */
import type { Lang } from '../../shared/i18n/index.ts';

export function expiryText(at: number, lang: Lang): string {
  return new Date(at).toLocaleString(lang === 'es' ? 'es-MX' : 'en-US', { dateStyle: 'long', timeStyle: 'short', ...(lang === 'es' ? { hourCycle: 'h23' as const } : {}) });
}
