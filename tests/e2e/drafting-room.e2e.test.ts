/**
 * Two people co-edit the Mexico City constitution in real Chromium windows; a citizen cannot type;
 * the outline renumbers live. Screenshots land in test-artifacts/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './support/browser.ts';
import { type E2EServer, startE2EServer } from './support/e2e-server.ts';

let server: E2EServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function openAs(role: 'member' | 'citizen', name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
  await page.goto(await server.signIn(role, name));
  await page.getByTestId('editor').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="editor"] section.articulo').length === 71, null, { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-state') === 'connected');
  return page;
}

/** Puts the caret at the end of an article's epígrafe (article `n`, 1-based). */
async function caretAtEndOfEpigrafe(page: Page, n: number): Promise<void> {
  const heading = page.locator('[data-testid="editor"] section.articulo').nth(n - 1).locator('h4.epigrafe');
  await heading.scrollIntoViewIfNeeded();
  await heading.click();
  await page.keyboard.press('End');
}

function epigrafeText(page: Page, n: number): Promise<string> {
  return page.locator('[data-testid="editor"] section.articulo').nth(n - 1).locator('h4.epigrafe').innerText();
}

beforeAll(async () => {
  server = await startE2EServer();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

describe('the drafting room in the browser', () => {
  it('lets two members type into the same article and see each other’s text and named cursor', async () => {
    const started = performance.now();
    const ana = await openAs('member', 'Ana Pérez');
    console.log(`opened the full constitution in Chromium in ${Math.round(performance.now() - started)} ms`);
    const beto = await openAs('member', 'Beto Ruiz');

    await caretAtEndOfEpigrafe(ana, 1);
    await ana.keyboard.type(' — texto de Ana');
    await caretAtEndOfEpigrafe(beto, 1);
    await beto.keyboard.type(' y de Beto');

    for (const page of [ana, beto]) {
      await expect.poll(() => epigrafeText(page, 1), { timeout: 10_000 }).toContain('texto de Ana');
      await expect.poll(() => epigrafeText(page, 1), { timeout: 10_000 }).toContain('y de Beto');
    }
    // Each sees the other's cursor, labelled with the other's name.
    await expect.poll(() => ana.locator('.remote-caret-name').allInnerTexts(), { timeout: 10_000 }).toContain('Beto Ruiz');
    await expect.poll(() => beto.locator('.remote-caret-name').allInnerTexts(), { timeout: 10_000 }).toContain('Ana Pérez');
    await expect.poll(() => ana.getByTestId('presence').locator('[title]').evaluateAll((els) => els.map((e) => e.getAttribute('title'))), { timeout: 10_000 }).toEqual(
      expect.arrayContaining([expect.stringContaining('Beto Ruiz')]),
    );
    await screenshot(ana, 'co-editing-ana');
    await screenshot(beto, 'co-editing-beto');

    // The server stored it: the export has both texts.
    const room = await server.carta.registry.acquire('cdmx');
    await expect.poll(() => room!.fragment.toString(), { timeout: 10_000 }).toContain('y de Beto');
  });

  it('does not let a citizen type, and says the document is read-only', async () => {
    const luz = await openAs('citizen', 'Luz Gómez');
    await expect(luz.getByTestId('read-only-banner').isVisible()).resolves.toBe(true);
    const before = await epigrafeText(luz, 2);
    await caretAtEndOfEpigrafe(luz, 2);
    await luz.keyboard.type('INTRUSIÓN');
    await luz.waitForTimeout(500);
    expect(await epigrafeText(luz, 2)).toBe(before);
    expect(await luz.getByTestId('editor').getAttribute('contenteditable')).toBe('false');
    await screenshot(luz, 'read-only-citizen');
  });

  it('renumbers the outline live when an article is inserted', async () => {
    const carla = await openAs('member', 'Carla Núñez');
    const watcher = await openAs('member', 'Dora Vidal');
    const outlineArticles = (page: Page) => page.getByTestId('outline').locator('li.outline-articulo');
    expect(await outlineArticles(watcher).count()).toBe(71);
    const thirdBefore = await outlineArticles(watcher).nth(2).innerText();
    expect(thirdBefore).toContain('3');

    await caretAtEndOfEpigrafe(carla, 2);
    await carla.keyboard.press('Control+Shift+Enter');
    await carla.keyboard.type('Artículo insertado en la prueba');

    for (const page of [carla, watcher]) {
      await expect.poll(() => outlineArticles(page).count(), { timeout: 10_000 }).toBe(72);
      await expect.poll(() => outlineArticles(page).nth(2).innerText(), { timeout: 10_000 }).toContain('Artículo insertado en la prueba');
    }
    // The article that was third is now fourth, with its new number.
    const fourth = await outlineArticles(watcher).nth(3).innerText();
    expect(fourth).toContain('4');
    expect(fourth).toContain(thirdBefore.replace(/^\D*\d+\.?\s*/, '').trim());
    await screenshot(watcher, 'outline-renumbered');
  });
});
