/**
 * Undo never removes another person's words without asking. Ana adds a paragraph, Beto writes in
 * it, Ana presses Ctrl+Z: a modal question names Beto and quotes his words, with "Cancelar"
 * focused. Cancelling (Enter on the focused button, or Escape) leaves everything as it was; going
 * ahead undoes the paragraph and puts Beto's words in the list of text no longer in the document.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { browserSession } from './support/browser-session.ts';
import { caretInFirstBlock } from './support/pages.ts';

const session = browserSession();

const member = (name: string): Promise<Page> => session.member(name);

/** The text of the block with this uid in the editor's document, or null when it is gone. */
function blockText(page: Page, uid: string): Promise<string | null> {
  return page.evaluate((uid) => {
    let text: string | null = null;
    window.__carta?.view.state.doc.descendants((node) => {
      if (node.attrs.uid === uid && node.isTextblock) text = node.textContent;
      return text === null;
    });
    return text;
  }, uid);
}

function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
}

describe('undo next to other people’s words', () => {
  it('asks, naming the person, before removing their words; cancelling keeps them, going ahead lists them for copying', async () => {
    const ana = await member('Ana Deshace');
    const beto = await member('Beto Escribe');

    // Ana adds an empty block of the same kind after the first block of article 15 (Ctrl+Enter).
    await caretInFirstBlock(ana, 15);
    await ana.keyboard.press('Control+Enter');
    const uid = await ana.evaluate(() => String(window.__carta?.view.state.selection.$from.parent.attrs.uid));
    expect(await blockText(ana, uid)).toBe('');

    // Beto writes in it.
    const betoBlock = beto.locator(`[data-testid="editor"] p[data-uid="${uid}"]`);
    await betoBlock.waitFor({ timeout: 10_000 });
    await betoBlock.click();
    await beto.keyboard.type('Texto de Beto');
    await expect.poll(() => blockText(ana, uid), { timeout: 10_000 }).toBe('Texto de Beto');

    // Ana undoes: the question names Beto and quotes his words; the safe answer has the focus.
    await ana.keyboard.press('Control+z');
    const dialog = ana.getByTestId('confirm-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.getAttribute('role')).toBe('alertdialog');
    expect(await dialog.evaluate((element) => element.matches(':modal'))).toBe(true);
    expect(await dialog.locator('h2').innerText()).toBe('¿Deshacer y quitar lo que escribió Beto Escribe?');
    expect(await ana.getByTestId('confirm-quote').innerText()).toBe('Texto de Beto');
    expect(await focusedTestId(ana)).toBe('confirm-cancel');
    await screenshot(ana, 'undo-confirm');

    // Enter on "Cancelar": nothing changes, and the focus is back in the text.
    await ana.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await focusedTestId(ana)).toBe('editor');
    await ana.waitForTimeout(300);
    expect(await blockText(ana, uid)).toBe('Texto de Beto');
    expect(await blockText(beto, uid)).toBe('Texto de Beto');

    // Escape cancels too.
    await ana.keyboard.press('Control+z');
    await dialog.waitFor({ state: 'visible' });
    await ana.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await ana.waitForTimeout(300);
    expect(await blockText(beto, uid)).toBe('Texto de Beto');

    // Going ahead removes the block for everybody and hands Beto's words to Ana's list.
    await ana.keyboard.press('Control+z');
    await dialog.waitFor({ state: 'visible' });
    await ana.getByTestId('confirm-proceed').click();
    await expect.poll(() => blockText(ana, uid)).toBeNull();
    await expect.poll(() => blockText(beto, uid), { timeout: 10_000 }).toBeNull();
    await expect.poll(() => ana.getByTestId('orphan-banner-text').innerText()).toBe('Hay 1 texto que ya no está en el documento.');
    await ana.getByTestId('orphan-reopen').click();
    await ana.getByTestId('orphan-dialog').waitFor({ state: 'visible' });
    expect(await ana.getByTestId('orphan-text').allInnerTexts()).toEqual(['Texto de Beto']);
    expect(await ana.getByTestId('orphan-source').innerText()).toBe('Escrito por Beto Escribe; lo quitó tu «Deshacer»:');
    await screenshot(ana, 'undo-removed-text-listed');
    await ana.keyboard.press('Escape');

    // Nothing left to undo is said, not silent.
    await caretInFirstBlock(ana, 15);
    await ana.keyboard.press('Control+z');
    await expect.poll(() => ana.getByTestId('status-message').innerText()).toBe('Nada que deshacer.');
    expect(session.opened.flatMap((person) => person.errors)).toEqual([]);
  });
});
