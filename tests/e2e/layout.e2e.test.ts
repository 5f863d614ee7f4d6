/**
 * Layout under stress: long names on cursor flags, a long unbroken word, a phone-sized screen.
 * Screenshots land in test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { browserSession } from './support/browser-session.ts';
import { caretAtEndOfEpigrafe, caretInFirstBlock } from './support/pages.ts';

const LONG_NAME = 'María Fernanda de los Ángeles Rodríguez-Villaseñor y Pérez de la Concepción';

const session = browserSession();

const member = (name: string, viewport?: { width: number; height: number }): Promise<Page> => session.member(name, viewport);

/** How far the page and the document column can scroll sideways (0 when nothing overflows). */
function sidewaysOverflow(page: Page): Promise<{ page: number; document: number }> {
  return page.evaluate(() => {
    const scroller = document.querySelector('.document-scroll');
    return {
      page: document.documentElement.scrollWidth - window.innerWidth,
      document: scroller ? scroller.scrollWidth - scroller.clientWidth : 0,
    };
  });
}

describe('layout', () => {
  it('cuts a long name on a cursor flag with an ellipsis, and keeps the full name in the presence list', async () => {
    const long = await member(LONG_NAME);
    const watcher = await member('Beto Ruiz');
    await caretAtEndOfEpigrafe(long, 3);
    await caretAtEndOfEpigrafe(watcher, 3);
    const flag = watcher.locator('.remote-caret-name', { hasText: 'María Fernanda' });
    await flag.waitFor({ timeout: 10_000 });
    const box = await flag.evaluate((element) => {
      const style = getComputedStyle(element);
      return { width: element.getBoundingClientRect().width, fontSize: Number.parseFloat(style.fontSize), ellipsis: style.textOverflow, cut: element.scrollWidth > element.clientWidth };
    });
    expect(box.ellipsis).toBe('ellipsis');
    expect(box.cut).toBe(true);
    expect(box.width).toBeLessThanOrEqual(13 * box.fontSize);
    expect(await watcher.getByTestId('presence').locator(`[title="${LONG_NAME}"]`).count()).toBe(1);
    expect(await sidewaysOverflow(watcher)).toEqual({ page: 0, document: 0 });
    await screenshot(watcher, 'long-name-flag');
  });

  it('wraps a long unbroken word instead of widening the page, on a wide screen and on a phone', async () => {
    const writer = await member('Carla Núñez');
    const phone = await member('Dora Vidal', { width: 390, height: 844 });
    await caretInFirstBlock(writer, 4);
    await writer.keyboard.insertText(` ${'Inconstitucionalidad'.repeat(20)}`);
    await phone.locator('[data-testid="editor"] section.articulo').nth(3).scrollIntoViewIfNeeded();
    await expect.poll(() => phone.locator('[data-testid="editor"] section.articulo').nth(3).innerText(), { timeout: 10_000 }).toContain('InconstitucionalidadInconstitucionalidad');
    expect(await sidewaysOverflow(writer)).toEqual({ page: 0, document: 0 });
    expect(await sidewaysOverflow(phone)).toEqual({ page: 0, document: 0 });
    await screenshot(phone, 'long-word-phone');
  });

  it('on a phone, shows the person’s own name and keeps the toolbar to one row that scrolls sideways', async () => {
    const phone = await member(LONG_NAME, { width: 390, height: 844 });
    const self = phone.locator('.self-name');
    expect(await self.isVisible()).toBe(true);
    const selfBox = await self.boundingBox();
    expect(selfBox?.width ?? 0).toBeGreaterThan(40);
    expect((selfBox?.x ?? 0) + (selfBox?.width ?? 0)).toBeLessThanOrEqual(390);
    // The header's buttons stay on screen beside it.
    for (const id of ['lang-switch', 'help-button']) {
      const box = await phone.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0), id).toBeLessThanOrEqual(390);
    }
    const toolbar = await phone.getByTestId('structure-toolbar').evaluate((element) => ({
      height: element.getBoundingClientRect().height,
      scrolls: element.scrollWidth > element.clientWidth,
      overflowX: getComputedStyle(element).overflowX,
    }));
    // One row of buttons (about 40 px), not three.
    expect(toolbar.height).toBeLessThan(56);
    expect(toolbar.scrolls).toBe(true);
    expect(toolbar.overflowX).toBe('auto');
    expect(await sidewaysOverflow(phone)).toEqual({ page: 0, document: 0 });
    await screenshot(phone, 'phone-compact');
  });
});
