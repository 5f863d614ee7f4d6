/**
 * The sign-in token. The server prints a link `…/#token=<token>`; the client takes the token from
 * the fragment (which browsers never send to servers or in Referer headers), keeps it, and removes
 * it from the address bar so it is not bookmarked or shared by accident.
 *
 * The token is kept per tab: in sessionStorage, which survives reloading the tab but belongs to it
 * alone, so that a second person's sign-in link opened in another tab of the same browser does
 * not change who the first tab is. It is also kept in localStorage, shared by every tab, only as
 * the sign-in for tabs opened later (a new tab has an empty sessionStorage).
 */

export const TOKEN_STORAGE_KEY = 'carta.token';

/** What the token needs from Web Storage (tests pass a Map-backed stand-in). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Splits a `token` parameter off a URL fragment ("#token=abc&x=1" → "abc", "#x=1"). */
export function takeTokenFromHash(hash: string): { token: string | null; rest: string } {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '') return { token: null, rest: '' };
  const params = new URLSearchParams(body);
  const token = params.get('token');
  if (token === null) return { token: null, rest: hash };
  params.delete('token');
  const rest = params.toString();
  return { token: token.trim() === '' ? null : token.trim(), rest: rest === '' ? '' : `#${rest}` };
}

/** Reads the remembered token; storage that refuses access (private modes) counts as empty. */
export function readToken(store: KeyValueStore): string | null {
  try {
    const value = store.getItem(TOKEN_STORAGE_KEY);
    return value === null || value === '' ? null : value;
  } catch {
    return null;
  }
}

/** Remembers a token; returns false when the browser refuses to store it. */
export function rememberToken(store: KeyValueStore, token: string): boolean {
  try {
    store.setItem(TOKEN_STORAGE_KEY, token);
    return true;
  } catch {
    return false;
  }
}

/** Forgets the token (after the server said it is not valid any more). */
export function forgetToken(store: KeyValueStore): void {
  try {
    store.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Nothing was stored, so there is nothing to forget.
  }
}

/** Where tokens are kept: this tab's own store, and the one shared by the browser's tabs. */
export interface TokenStores {
  /** sessionStorage: this tab only, survives a reload. */
  tab: KeyValueStore;
  /** localStorage: every tab; read only when this tab has no token of its own. */
  shared: KeyValueStore;
}

/**
 * The token for this page load: a fresh one from the address bar (remembered in both stores, then
 * removed from the bar), else this tab's own, else the one shared by the browser (which this tab
 * then adopts, so that a later sign-in in another tab does not change it).
 */
export function tokenForThisPage(location: Location, history: History, stores: TokenStores): string | null {
  const { token, rest } = takeTokenFromHash(location.hash);
  if (token !== null) {
    rememberToken(stores.tab, token);
    rememberToken(stores.shared, token);
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest}`);
    return token;
  }
  const own = readToken(stores.tab);
  if (own !== null) return own;
  const shared = readToken(stores.shared);
  if (shared !== null) rememberToken(stores.tab, shared);
  return shared;
}

/**
 * Forgets a token the server refused. The shared copy is removed only when it is that same token:
 * another tab may since have stored someone else's valid sign-in there.
 */
export function forgetTokenOf(stores: TokenStores, token: string): void {
  if (readToken(stores.tab) === token) forgetToken(stores.tab);
  if (readToken(stores.shared) === token) forgetToken(stores.shared);
}

/**
 * Forgets this tab's token and the browser's shared one: after signing in with a password the
 * session cookie is who this browser is, and a remembered sign-in link would otherwise win.
 */
export function forgetTokens(stores: TokenStores): void {
  forgetToken(stores.tab);
  forgetToken(stores.shared);
}

function memoryStore(): KeyValueStore {
  const memory = new Map<string, string>();
  return {
    getItem: (key) => memory.get(key) ?? null,
    setItem: (key, value) => void memory.set(key, value),
    removeItem: (key) => void memory.delete(key),
  };
}

/** localStorage (or sessionStorage), or a memory-only stand-in when the browser blocks it for this page. */
export function browserStorage(kind: 'local' | 'session' = 'local'): KeyValueStore {
  try {
    const storage = kind === 'local' ? window.localStorage : window.sessionStorage;
    storage.getItem(TOKEN_STORAGE_KEY);
    return storage;
  } catch {
    return memoryStore();
  }
}

/** The two token stores of this tab. */
export function browserTokenStores(): TokenStores {
  return { tab: browserStorage('session'), shared: browserStorage('local') };
}
