/** Which account page a path names: `/signin`, `/signup` or `/invite` (a trailing slash allowed). */

export type AccountPageName = 'signin' | 'signup' | 'invite';

const PAGES: Record<string, AccountPageName> = { '/signin': 'signin', '/signup': 'signup', '/invite': 'invite' };

export function accountPageFromPath(pathname: string): AccountPageName | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return PAGES[path] ?? null;
}
