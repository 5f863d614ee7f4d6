/**
 * Opening Carta as a person in a browser context and finding places in the constitution, shared by
 * the browser tests. Each page records its console messages and page errors, so tests can assert
 * that nothing was thrown or warned.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '../../../shared/auth/roles.ts';
import type { E2EServer } from './e2e-server.ts';

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  console: string[];
  errors: string[];
}

export const ARTICLES = '[data-testid="editor"] section.articulo';

/** Records what a page logs and throws. */
export function watch(page: Page, context: BrowserContext, name: string): OpenedPage {
  const opened: OpenedPage = { page, context, console: [], errors: [] };
  page.on('console', (message) => opened.console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => {
    opened.errors.push(error.message);
    console.error(`[${name}] page error: ${error.message}`);
  });
  return opened;
}

/** Waits until the whole constitution is on screen and connected. */
export async function waitForEditor(page: Page): Promise<void> {
  await page.getByTestId('editor').waitFor();
  await page.waitForFunction((selector) => document.querySelectorAll(selector).length >= 71, ARTICLES, { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-state') === 'connected');
}

/** A new person in a new browser context (their own storage), with the editor loaded. */
export async function openAs(
  browser: Browser,
  server: E2EServer,
  role: Role,
  name: string,
  options: { viewport?: { width: number; height: number }; context?: BrowserContext } = {},
): Promise<OpenedPage> {
  const context = options.context ?? (await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 } }));
  const page = await context.newPage();
  const opened = watch(page, context, name);
  await page.goto(await server.signIn(role, name));
  await waitForEditor(page);
  return opened;
}

/** Puts the caret at the end of an article's epígrafe (article `n`, 1-based). */
export async function caretAtEndOfEpigrafe(page: Page, n: number): Promise<void> {
  const heading = page.locator(ARTICLES).nth(n - 1).locator('h4.epigrafe');
  await heading.scrollIntoViewIfNeeded();
  await heading.click();
  await page.keyboard.press('End');
}

/** Puts the caret at the end of the first body block of article `n`. */
export async function caretInFirstBlock(page: Page, n: number): Promise<void> {
  const block = page.locator(ARTICLES).nth(n - 1).locator('p').first();
  await block.scrollIntoViewIfNeeded();
  await block.click();
  await page.keyboard.press('End');
}

/** The epígrafe of article `n`, from the editor's document (the DOM also holds other people's cursor flags). */
export async function epigrafeText(page: Page, n: number): Promise<string> {
  return (await articleHeadings(page))[n - 1] ?? '';
}

/** The uid of article `n`. */
export async function articleUid(page: Page, n: number): Promise<string> {
  const uid = await page.locator(ARTICLES).nth(n - 1).getAttribute('data-uid');
  if (!uid) throw new Error(`article ${n} has no uid`);
  return uid;
}

/** The epígrafes of every article, in order, from the editor's document (to see whether something moved). */
export function articleHeadings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const headings: string[] = [];
    window.__carta?.view.state.doc.descendants((node) => {
      if (node.type.name === 'articulo') headings.push(node.firstChild?.textContent ?? '');
      return !node.isTextblock;
    });
    return headings;
  });
}

/** Pastes HTML or plain text into the editor as the browser's paste event would deliver it. */
export async function paste(page: Page, data: { html?: string; text?: string }): Promise<void> {
  await page.evaluate(({ html, text }) => {
    const transfer = new DataTransfer();
    if (html !== undefined) transfer.setData('text/html', html);
    if (text !== undefined) transfer.setData('text/plain', text);
    const target = document.querySelector('[data-testid="editor"]');
    target?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, data);
}
