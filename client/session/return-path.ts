/**
 * Where a person goes after signing in: the page that sent them to /signin, named by its
 * `?next=` parameter. Only a path on this site is followed (never `//other.example` or a full
 * address), so a crafted sign-in link cannot send anyone elsewhere.
 */

export const ACCOUNT_PATHS: readonly string[] = ['/signin', '/signup', '/invite'];

/** The path `next` names when it is a page of this site other than the account pages; `/` otherwise. */
export function safeReturnPath(next: string | null): string {
  if (next === null) return '/';
  // A path, not a protocol-relative address (`//host`, or `/\host`, which browsers read alike).
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, 'https://carta.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'https://carta.invalid') return '/';
  const pathname = url.pathname.replace(/\/+$/, '') || '/';
  // Coming back to a sign-in page after signing in would only ask again.
  if (ACCOUNT_PATHS.includes(pathname)) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The page to come back to, read from a sign-in page's query string (`?next=…`). */
export function returnPathFromSearch(search: string): string {
  return safeReturnPath(new URLSearchParams(search).get('next'));
}

/** The sign-in page's address for someone who wanted `path`; `expired` says their sign-in ended. */
export function signInAddress(path: string, options: { expired?: boolean } = {}): string {
  const params = new URLSearchParams();
  const next = safeReturnPath(path);
  if (next !== '/') params.set('next', next);
  if (options.expired) params.set('expired', '1');
  const query = params.toString();
  return `/signin${query === '' ? '' : `?${query}`}`;
}

/** The same page's address on another account page (`/signin` ↔ `/signup`), keeping where to go next. */
export function accountPageAddress(page: '/signin' | '/signup', next: string): string {
  const target = safeReturnPath(next);
  return target === '/' ? page : `${page}?${new URLSearchParams({ next: target }).toString()}`;
}
