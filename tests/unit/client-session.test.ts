import { describe, expect, it } from 'vitest';
import { ApiError, fetchMe, parseDocuments, parseMe } from '../../client/session/api-client.ts';
import { documentIdFromPath } from '../../client/session/document-route.ts';
import {
  forgetToken,
  forgetTokenOf,
  readToken,
  rememberToken,
  takeTokenFromHash,
  TOKEN_STORAGE_KEY,
  tokenForThisPage,
  type TokenStores,
} from '../../client/session/token-store.ts';

class MemoryStore {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

describe('the sign-in token', () => {
  it('is taken from the URL fragment, leaving the rest of the fragment', () => {
    expect(takeTokenFromHash('#token=abc123')).toEqual({ token: 'abc123', rest: '' });
    expect(takeTokenFromHash('#token=abc&art=5')).toEqual({ token: 'abc', rest: '#art=5' });
    expect(takeTokenFromHash('#art=5')).toEqual({ token: null, rest: '#art=5' });
    expect(takeTokenFromHash('')).toEqual({ token: null, rest: '' });
    expect(takeTokenFromHash('#token=')).toEqual({ token: null, rest: '' });
  });

  it('is remembered under carta.token and can be forgotten', () => {
    const store = new MemoryStore();
    expect(readToken(store)).toBeNull();
    rememberToken(store, 'tok');
    expect(store.map.get(TOKEN_STORAGE_KEY)).toBe('tok');
    expect(readToken(store)).toBe('tok');
    forgetToken(store);
    expect(readToken(store)).toBeNull();
  });

  it('survives storage that refuses access', () => {
    const refusing = {
      getItem: (): string | null => {
        throw new Error('denied');
      },
      setItem: (): void => {
        throw new Error('denied');
      },
      removeItem: (): void => {
        throw new Error('denied');
      },
    };
    expect(readToken(refusing)).toBeNull();
    expect(rememberToken(refusing, 'x')).toBe(false);
    expect(() => forgetToken(refusing)).not.toThrow();
  });
});

/** One browser tab: its own sessionStorage, the browser's shared localStorage, an address bar. */
class Tab {
  readonly stores: TokenStores;
  hash = '';
  readonly replaced: string[] = [];

  constructor(shared: MemoryStore) {
    this.stores = { tab: new MemoryStore(), shared };
  }

  /** Loads (or reloads) the page, optionally from a sign-in link; returns the token it signs in with. */
  load(link?: string): string | null {
    this.hash = link === undefined ? '' : `#token=${link}`;
    const location = { hash: this.hash, pathname: '/', search: '' } as Location;
    const history = {
      state: null,
      replaceState: (_state: unknown, _title: string, url: string) => {
        this.replaced.push(url);
        this.hash = '';
      },
    } as unknown as History;
    return tokenForThisPage(location, history, this.stores);
  }
}

describe('the sign-in of each tab', () => {
  it('keeps the first person signed in in their tab when a second person’s link opens in another tab', () => {
    const browser = new MemoryStore();
    const ana = new Tab(browser);
    const beto = new Tab(browser);
    expect(ana.load('token-ana')).toBe('token-ana');
    // The token leaves the address bar.
    expect(ana.replaced).toEqual(['/']);
    expect(beto.load('token-beto')).toBe('token-beto');
    // Reloading Ana's tab: still Ana (sessionStorage is per tab), although the browser's shared
    // store now holds Beto's token.
    expect(ana.load()).toBe('token-ana');
    expect(beto.load()).toBe('token-beto');
    expect(browser.map.get(TOKEN_STORAGE_KEY)).toBe('token-beto');
  });

  it('signs a new tab in with the latest sign-in of the browser, which that tab then keeps', () => {
    const browser = new MemoryStore();
    new Tab(browser).load('token-ana');
    const later = new Tab(browser);
    expect(later.load()).toBe('token-ana');
    new Tab(browser).load('token-beto');
    expect(later.load()).toBe('token-ana');
    expect(new Tab(browser).load()).toBe('token-beto');
  });

  it('has no token in a fresh browser', () => {
    expect(new Tab(new MemoryStore()).load()).toBeNull();
  });

  it('forgets a refused token without dropping another person’s sign-in from the shared store', () => {
    const browser = new MemoryStore();
    const ana = new Tab(browser);
    ana.load('token-ana');
    new Tab(browser).load('token-beto');
    forgetTokenOf(ana.stores, 'token-ana');
    expect(readToken(ana.stores.tab)).toBeNull();
    expect(readToken(browser)).toBe('token-beto');
    // With nothing of its own, the tab falls back to the browser's sign-in.
    expect(ana.load()).toBe('token-beto');

    const alone = new Tab(new MemoryStore());
    alone.load('token-carla');
    forgetTokenOf(alone.stores, 'token-carla');
    expect(alone.load()).toBeNull();
  });
});

describe('document routes', () => {
  it('open cdmx at the root and any valid id under /d/', () => {
    expect(documentIdFromPath('/')).toBe('cdmx');
    expect(documentIdFromPath('/d/borrador-2')).toBe('borrador-2');
    expect(documentIdFromPath('/d/borrador-2/')).toBe('borrador-2');
    expect(documentIdFromPath('/d/Not_Valid')).toBeNull();
    expect(documentIdFromPath('/d/%E0%A4%A')).toBeNull();
    expect(documentIdFromPath('/elsewhere')).toBeNull();
  });
});

describe('REST answers', () => {
  it('accept a well-formed /api/me and refuse anything else', () => {
    expect(parseMe({ id: 'u1', name: 'Ana', role: 'member', color: '#1f77b4', canEdit: true })).toEqual({
      id: 'u1',
      name: 'Ana',
      role: 'member',
      color: '#1f77b4',
      canEdit: true,
    });
    expect(parseMe({ id: 'u1', name: 'Ana', role: 'citizen', color: 'red;background:url(x)', canEdit: false }).color).toBe('#5b5f66');
    expect(() => parseMe({ id: 'u1', name: 'Ana', role: 'king', color: '#000000', canEdit: true })).toThrow(ApiError);
  });

  it('keep only well-formed documents', () => {
    expect(parseDocuments([{ id: 'cdmx', title: 'Constitución' }, { id: 3 }])).toEqual([{ id: 'cdmx', title: 'Constitución' }]);
  });

  it('send the token as a bearer token and turn 401 into "unauthenticated"', async () => {
    let auth: string | null = null;
    const fake = async (_url: string, init?: RequestInit): Promise<Response> => {
      auth = new Headers(init?.headers).get('Authorization');
      return new Response(JSON.stringify({ error: 'unauthenticated', message: 'no' }), { status: 401 });
    };
    await expect(fetchMe('tok', fake)).rejects.toMatchObject({ id: 'unauthenticated', status: 401 });
    expect(auth).toBe('Bearer tok');
    const down = async (): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    };
    await expect(fetchMe('tok', down)).rejects.toMatchObject({ id: 'network' });
  });
});
