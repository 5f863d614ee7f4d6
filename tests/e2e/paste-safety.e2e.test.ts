/**
 * Pasting hostile HTML into the editor runs nothing and keeps the text. (Chrome logs a Content
 * Security Policy message whenever any HTML with an inline handler is parsed, even in an inert
 * document or a <template>, where nothing can run; so the test checks what ran, not the console.)
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { type E2EServer, startE2EServer } from './support/e2e-server.ts';

let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  server = await startE2EServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('pasting HTML from elsewhere', () => {
  it('drops handlers, scripts and script links, and keeps the words', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(await server.signIn('member', 'Pegadora'));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="editor"] section.articulo').length === 71, null, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-state') === 'connected');
    const epigrafe = page.locator('[data-testid="editor"] section.articulo').nth(0).locator('h4.epigrafe');
    await epigrafe.click();
    await page.keyboard.press('End');
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData(
        'text/html',
        '<p> antes<img src="x" onerror="window.__pwned=1"><script>window.__pwned=2</script> <a href="javascript:window.__pwned=3">clic</a> <em style="background:url(http://127.0.0.1:9/leak)">después</em></p>',
      );
      data.setData('text/plain', ' antes clic después');
      document.querySelector('.ProseMirror')?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => epigrafe.innerText(), { timeout: 5000 }).toContain('antes clic después');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('[data-testid="editor"] a[href^="javascript"]').count()).toBe(0);
    expect(await page.locator('[data-testid="editor"] img, [data-testid="editor"] script').count()).toBe(0);
    expect(await page.locator('[data-testid="editor"] [onerror], [data-testid="editor"] [onclick]').count()).toBe(0);
  });
});
