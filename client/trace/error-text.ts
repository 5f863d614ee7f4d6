/**
 * What the trace pages say when a request fails, in the reader's language: the server's own
 * message is English text for developers (docs/api.md), so it is never shown; its stable id and the
 * status decide which sentence is.
 */
import { ApiError } from '../session/api-client.ts';
import type { Localizer } from '../ui/i18n.ts';

/** The most characters a search may have (the server refuses more: docs/api.md, GET /api/sources). */
export const SEARCH_MAX_CHARS = 500;

export function errorText(i18n: Localizer, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.id === 'network') return i18n.t('trace.error.network');
    if (error.id === 'bad-query' || error.id === 'bad-cursor') return i18n.t('trace.error.badQuery', { max: SEARCH_MAX_CHARS });
  }
  return i18n.t('trace.error.server');
}
