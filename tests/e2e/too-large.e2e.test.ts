/**
 * A change larger than the server's cap (close code 4413) stops the connection for good instead of
 * being resent forever, tells the person that their change was not saved, and offers its text and
 * a reload. The server here runs with a small cap so that an ordinary paste exceeds it.
 */
import type { Browser, WebSocket as PlaywrightSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './support/browser.ts';
import { type E2EServer, startE2EServer } from './support/e2e-server.ts';
import { caretInFirstBlock, type OpenedPage, openAs, paste } from './support/pages.ts';

const CAP = 16 * 1024;

let server: E2EServer;
let browser: Browser;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  server = await startE2EServer({ limits: { maxMessageBytes: CAP } });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const person of opened) await person.context.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

describe('a change too large for the server', () => {
  it('stops reconnecting, says the change was not saved, and offers its text and a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 850 } });
    const sockets: PlaywrightSocket[] = [];
    context.on('page', (page) => page.on('websocket', (socket) => sockets.push(socket)));
    const ana = await openAs(browser, server, 'member', 'Ana Pegadora', { context });
    opened.push(ana);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = ana.page;
    expect(sockets).toHaveLength(1);

    // A paste of about twice the cap: one Yjs update the server refuses with 4413.
    const pasted = `Inicio del texto largo. ${'Texto pegado de un documento enorme. '.repeat(Math.ceil((2 * CAP) / 37))}Fin del texto largo.`;
    await caretInFirstBlock(page, 2);
    await paste(page, { text: pasted });

    const notice = page.getByTestId('connection-notice');
    await expect.poll(() => notice.getAttribute('data-code'), { timeout: 15_000 }).toBe('4413');
    expect(await notice.innerText()).toContain('El servidor rechazó un cambio demasiado grande');
    expect(await notice.getByRole('button', { name: 'Recargar la página' }).isVisible()).toBe(true);
    expect(await page.getByTestId('connection-state').getAttribute('data-state')).toBe('offline');
    expect(await page.getByTestId('unsaved-notice').innerText()).toBe('No se guardó 1 cambio tuyo; se perderá al recargar o cerrar la página.');
    // The editor stops taking changes that could never be saved.
    expect(await page.getByTestId('editor').getAttribute('contenteditable')).toBe('false');
    await screenshot(page, 'too-large-stopped');

    // The text of what was changed can be copied before reloading.
    await page.getByTestId('copy-unsaved').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('Fin del texto largo.');
    // …or read, and copied by hand, under "Ver el texto que cambiaste".
    await page.locator('.unsaved-details > summary').click();
    expect(await page.getByTestId('unsaved-passages').innerText()).toContain('Inicio del texto largo.');

    // No reconnection loop: the one socket stays the only one.
    await page.waitForTimeout(3000);
    expect(sockets).toHaveLength(1);

    // Leaving now would lose the change: the browser asks first.
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs).toEqual(['beforeunload']);
  });
});
