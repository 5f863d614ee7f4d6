/**
 * What most browser-test files share: one Carta server and one Chromium, started before the file's
 * tests and stopped after them, and the people opened in between, whose contexts are closed at the
 * end (their page errors stay readable for assertions). Call `browserSession()` once at the top
 * level of a test file.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '../../../shared/auth/roles.ts';
import { launchChromium } from './browser.ts';
import { type E2EServer, startE2EServer } from './e2e-server.ts';
import { type OpenedPage, openAs } from './pages.ts';

type OpenOptions = Parameters<typeof openAs>[4];

export interface BrowserSession {
  readonly server: E2EServer;
  readonly browser: Browser;
  /** Everyone opened so far, in order. */
  readonly opened: readonly OpenedPage[];
  /** A new person in a new context (or `options.context`), with the editor loaded. */
  open(role: Role, name: string, options?: OpenOptions): Promise<OpenedPage>;
  /** A commission member's page, in a context of its own. */
  member(name: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Records a person opened some other way, so that the session closes their context too. */
  adopt(person: OpenedPage): void;
}

export function browserSession(): BrowserSession {
  let server: E2EServer | undefined;
  let browser: Browser | undefined;
  const opened: OpenedPage[] = [];

  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const person of opened) await person.context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  const session: BrowserSession = {
    get server(): E2EServer {
      if (!server) throw new Error('the browser session is used before its beforeAll ran');
      return server;
    },
    get browser(): Browser {
      if (!browser) throw new Error('the browser session is used before its beforeAll ran');
      return browser;
    },
    opened,
    async open(role, name, options = {}) {
      const person = await openAs(session.browser, session.server, role, name, options);
      opened.push(person);
      return person;
    },
    async member(name, viewport) {
      return (await session.open('member', name, viewport ? { viewport } : {})).page;
    },
    adopt(person) {
      opened.push(person);
    },
  };
  return session;
}
