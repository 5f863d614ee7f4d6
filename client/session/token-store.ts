/**
 * The sign-in token. The server prints a link `…/#token=<token>`; the client takes the token from
 * the fragment (which browsers never send to servers or in Referer headers), keeps it in
 * localStorage and removes it from the address bar so it is not bookmarked or shared by accident.
 */

export const TOKEN_STORAGE_KEY = 'carta.token';

/** What the token needs from localStorage (tests pass a Map-backed stand-in). */
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

/**
 * The token for this page load: a fresh one from the address bar (remembered, then removed from
 * the bar) or the remembered one.
 */
export function tokenForThisPage(location: Location, history: History, store: KeyValueStore): string | null {
  const { token, rest } = takeTokenFromHash(location.hash);
  if (token !== null) {
    rememberToken(store, token);
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest}`);
    return token;
  }
  return readToken(store);
}

/** localStorage, or a memory-only stand-in when the browser blocks storage for this page. */
export function browserStorage(): KeyValueStore {
  try {
    const storage = window.localStorage;
    storage.getItem(TOKEN_STORAGE_KEY);
    return storage;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (key) => memory.get(key) ?? null,
      setItem: (key, value) => void memory.set(key, value),
      removeItem: (key) => void memory.delete(key),
    };
  }
}
