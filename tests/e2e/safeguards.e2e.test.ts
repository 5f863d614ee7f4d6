/**
 * What protects people's words in the browser: text that could not be placed comes back through a
 * banner and a list; moves and kind changes wait for the person writing there; unsent changes hold the page;
 * each tab keeps its own sign-in; a missing document says so; pastes with oversized links work.
 * Screenshots land in test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { NOTICE_MESSAGE_TYPE } from '../../shared/protocol/notices.ts';
import { article } from '../support/legal-y-doc.ts';
import { screenshot } from './support/browser.ts';
import { browserSession } from './support/browser-session.ts';
import {
  ARTICLES,
  articleHeadings,
  articleUid,
  caretAtEndOfEpigrafe,
  caretInFirstBlock,
  epigrafeText,
  paste,
  waitForEditor,
  watch,
} from './support/pages.ts';

const session = browserSession();

async function member(name: string, viewport?: { width: number; height: number }): Promise<Page> {
  const person = await session.open('member', name, viewport ? { viewport } : {});
  await person.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.server.url });
  return person.page;
}

function flash(page: Page): Promise<string> {
  return page.getByTestId('flash-status').innerText();
}

/** Whether the selection is inside the node with this uid. */
function selectionInside(page: Page, uid: string): Promise<boolean> {
  return page.evaluate((uid) => {
    const $from = window.__carta?.view.state.selection.$from;
    if (!$from) return false;
    for (let depth = $from.depth; depth > 0; depth--) if ($from.node(depth).attrs.uid === uid) return true;
    return false;
  }, uid);
}

describe('text that could not be placed', () => {
  it('comes back through a banner and a list when someone moved the article while this person typed in it offline', async () => {
    const ana = await member('Ana Pérez');
    const beto = await member('Beto Ruiz');
    const betoContext = session.opened[session.opened.length - 1]!.context;
    const movedUid = await articleUid(beto, 7);
    const heading7 = await epigrafeText(ana, 7);

    // Beto loses the network and keeps typing in article 7.
    await betoContext.setOffline(true);
    await expect.poll(() => beto.getByTestId('connection-state').getAttribute('data-state')).toBe('offline');
    await caretAtEndOfEpigrafe(beto, 7);
    await beto.keyboard.type(' escrito sin conexión');
    await expect.poll(() => beto.getByTestId('unsent-count').innerText()).toContain('sin enviar');

    // Meanwhile Ana moves article 7 down (Beto's cursor left with his connection).
    await caretAtEndOfEpigrafe(ana, 7);
    await ana.keyboard.press('Alt+Shift+ArrowDown');
    await expect.poll(() => epigrafeText(ana, 8)).toBe(heading7);
    const room = await session.server.carta.registry.acquire('cdmx');
    await expect.poll(() => article(room!.fragment, 8).getAttribute('uid'), { timeout: 10_000 }).toBe(movedUid);

    await betoContext.setOffline(false);
    // A banner says so politely; nothing opens and the focus stays in the text.
    const banner = beto.getByTestId('orphan-banner');
    await banner.waitFor({ state: 'visible', timeout: 15_000 });
    await expect.poll(() => beto.getByTestId('orphan-banner-text').innerText()).toBe('Hay 1 texto tuyo que no se pudo colocar en el documento.');
    expect(await beto.getByTestId('orphan-banner-text').getAttribute('aria-live')).toBe('polite');
    const dialog = beto.getByTestId('orphan-dialog');
    expect(await dialog.isVisible()).toBe(false);
    expect(await beto.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('editor');
    await beto.getByTestId('orphan-reopen').click();
    await dialog.waitFor({ state: 'visible' });
    // The list does not block the page: it is not modal.
    expect(await dialog.evaluate((element) => element.matches(':modal'))).toBe(false);
    await expect.poll(() => dialog.innerText()).toContain(
      'Parte de lo que escribiste no se pudo colocar porque otra persona movió o cambió ese texto mientras escribías',
    );
    expect(await dialog.getAttribute('aria-labelledby')).toBe('orphans-title');
    const texts = await beto.getByTestId('orphan-text').allInnerTexts();
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('escrito sin conexión');
    await screenshot(beto, 'orphaned-text-dialog');

    // Copy: the text lands on the clipboard.
    await beto.getByTestId('orphan-copy').first().click();
    await expect.poll(() => beto.evaluate(() => navigator.clipboard.readText())).toContain('escrito sin conexión');
    await expect.poll(() => flash(beto)).toBe('Texto copiado.');

    // Go to the place: the moved copy (now article 8) holds the selection.
    const goTo = beto.getByTestId('orphan-go-to').first();
    expect(await goTo.isVisible()).toBe(true);
    await goTo.click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await selectionInside(beto, movedUid)).toBe(true);
    expect(await articleUid(beto, 8)).toBe(movedUid);
    // Closing did not throw the text away: the banner keeps it until discarded.
    expect(await banner.isVisible()).toBe(true);
    await beto.getByTestId('orphan-reopen').click();
    await dialog.waitFor({ state: 'visible' });
    await beto.keyboard.press('Escape');
    await beto.getByTestId('orphan-discard').click();
    expect(await banner.isVisible()).toBe(false);
    // Both converge, and Ana got no notice.
    await expect.poll(() => epigrafeText(beto, 8)).toBe(heading7);
    expect(await ana.getByTestId('orphan-dialog').isVisible()).toBe(false);
  });

  it('lists every text of a notice, offering "Ir al lugar" only where the block still exists', async () => {
    const carla = await member('Carla Núñez');
    const uid = await articleUid(carla, 3);
    // A notice frame exactly as the server writes it, delivered through the provider's socket handler.
    await carla.evaluate(
      ({ type, payload }) => {
        const body = new TextEncoder().encode(payload);
        const bytes: number[] = [type];
        let length = body.length;
        while (length > 127) {
          bytes.push((length & 127) | 128);
          length >>>= 7;
        }
        bytes.push(length);
        const frame = new Uint8Array([...bytes, ...body]);
        const socket = window.__carta?.provider.ws;
        socket?.onmessage?.(new MessageEvent('message', { data: frame.buffer }));
      },
      {
        type: NOTICE_MESSAGE_TYPE,
        payload: JSON.stringify({
          kind: 'orphaned-text',
          items: [
            { uid, text: 'primer texto perdido' },
            { uid: null, text: 'segundo texto, sin lugar' },
            { uid: 'zzzzzzzzzzzz', text: 'tercero, de un bloque borrado' },
          ],
        }),
      },
    );
    await expect.poll(() => carla.getByTestId('orphan-banner-text').innerText()).toBe('Hay 3 textos tuyos que no se pudieron colocar en el documento.');
    const dialog = carla.getByTestId('orphan-dialog');
    expect(await dialog.isVisible()).toBe(false);
    await carla.getByTestId('orphan-reopen').click();
    await dialog.waitFor({ state: 'visible' });
    expect(await carla.getByTestId('orphan-text').allInnerTexts()).toEqual(['primer texto perdido', 'segundo texto, sin lugar', 'tercero, de un bloque borrado']);
    expect(await carla.getByTestId('orphan-go-to').evaluateAll((buttons) => buttons.map((b) => !(b as HTMLElement).hidden))).toEqual([true, false, false]);
    // Each button says which text it acts on.
    expect(await carla.getByTestId('orphan-copy').nth(1).getAttribute('aria-label')).toBe('Copiar el texto 2');
    await carla.getByTestId('orphan-copy-all').click();
    await expect.poll(() => carla.evaluate(() => navigator.clipboard.readText())).toBe(
      'primer texto perdido\n\nsegundo texto, sin lugar\n\ntercero, de un bloque borrado',
    );
    // English too.
    await carla.keyboard.press('Escape');
    await carla.getByTestId('lang-switch').click();
    await carla.getByTestId('orphan-reopen').click();
    await expect.poll(() => dialog.innerText()).toContain('Some of what you wrote could not be placed');
    await carla.getByTestId('orphan-close').click();
    await carla.getByTestId('lang-switch').click();
  });
});

describe('structural changes where someone else is writing', () => {
  it('wait, with a message naming the person, while their cursor is in the article or block', async () => {
    const ana = await member('Ana Guardia');
    const beto = await member('Beto Guardia');
    const before = await articleHeadings(beto);

    await caretAtEndOfEpigrafe(ana, 12);
    await ana.keyboard.type(' (Ana escribe)');
    await caretAtEndOfEpigrafe(beto, 12);
    await expect.poll(() => beto.locator('.remote-caret-name').allInnerTexts(), { timeout: 10_000 }).toContain('Ana Guardia');
    await beto.keyboard.press('Alt+Shift+ArrowDown');
    await expect.poll(() => flash(beto)).toBe('Ana Guardia está escribiendo en este artículo; muévelo cuando termine.');
    expect(await beto.getByTestId('flash-status').getAttribute('role')).toBe('status');
    expect((await articleHeadings(beto)).slice(0, 13)).toEqual([...before.slice(0, 11), `${before[11]} (Ana escribe)`, before[12]]);
    await screenshot(beto, 'move-declined');

    // The kind of the block Ana is in waits too (from the toolbar's list, which snaps back).
    await caretInFirstBlock(ana, 12);
    await caretInFirstBlock(beto, 12);
    // Ana's caret has reached Beto's screen, in a paragraph (not the epígrafe any more).
    await expect
      .poll(() => beto.evaluate(() => Array.from(document.querySelectorAll('.remote-caret')).some((caret) => caret.textContent?.includes('Ana Guardia') && caret.closest('p') !== null)))
      .toBe(true);
    const kindBefore = await beto.getByTestId('block-kind').inputValue();
    await beto.getByTestId('block-kind').selectOption(kindBefore === 'fraccion' ? 'inciso' : 'fraccion');
    await expect.poll(() => flash(beto)).toBe('Ana Guardia está escribiendo en este bloque; cámbialo cuando termine.');
    expect(await beto.getByTestId('block-kind').inputValue()).toBe(kindBefore);

    // Once Ana works elsewhere, the move goes through.
    await caretAtEndOfEpigrafe(ana, 30);
    await caretAtEndOfEpigrafe(beto, 12);
    await beto.waitForTimeout(300);
    await beto.keyboard.press('Alt+Shift+ArrowDown');
    await expect.poll(() => epigrafeText(ana, 13)).toBe(`${before[11]} (Ana escribe)`);
  });
});

describe('changes that exist only in this tab', () => {
  it('make the browser ask before the page is left, until they are sent', async () => {
    const dora = await member('Dora Vidal');
    const context = session.opened[session.opened.length - 1]!.context;
    await context.setOffline(true);
    await caretAtEndOfEpigrafe(dora, 5);
    await dora.keyboard.type(' sin red');
    await expect.poll(() => dora.getByTestId('unsent-count').innerText()).toMatch(/\d+ cambios? sin enviar/);

    const dialogs: string[] = [];
    dora.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await dora.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs).toEqual(['beforeunload']);
    expect(dora.isClosed()).toBe(false);

    await context.setOffline(false);
    await expect.poll(() => dora.getByTestId('connection-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    await dora.close({ runBeforeUnload: true });
    await expect.poll(() => dora.isClosed()).toBe(true);
    expect(dialogs).toEqual(['beforeunload']);
  });
});

describe('signing in', () => {
  it('keeps each tab’s person when another person’s link opens in the same browser', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const elena = watch(await context.newPage(), context, 'Elena');
    session.adopt(elena);
    const first = elena.page;
    await first.goto(await session.server.signIn('member', 'Elena Primera'));
    await waitForEditor(first);
    const fausto = watch(await context.newPage(), context, 'Fausto');
    session.adopt(fausto);
    const second = fausto.page;
    await second.goto(await session.server.signIn('member', 'Fausto Segundo'));
    await waitForEditor(second);

    await first.reload();
    await waitForEditor(first);
    expect(await first.locator('.self-name').innerText()).toBe('Elena Primera');
    expect(await second.locator('.self-name').innerText()).toBe('Fausto Segundo');
    // A tab opened later signs in as the browser's latest sign-in.
    const third = await context.newPage();
    await third.goto(session.server.url);
    await waitForEditor(third);
    expect(await third.locator('.self-name').innerText()).toBe('Fausto Segundo');
  });

  it('shows a page that says a document does not exist, with a way back', async () => {
    const context = await session.browser.newContext();
    const page = watch(await context.newPage(), context, 'nadie');
    session.adopt(page);
    const link = new URL(await session.server.signIn('member', 'Gabriel Sinrumbo'));
    await page.page.goto(`${session.server.url}/d/no-existe${link.hash}`);
    const message = page.page.getByTestId('page-message');
    await message.waitFor({ timeout: 15_000 });
    expect(await message.locator('h1').innerText()).toBe('Este documento no existe');
    expect(await message.getByTestId('home-link').getAttribute('href')).toBe('/');
    expect(await page.page.getByText('Cargando el índice').count()).toBe(0);
    expect(page.errors).toEqual([]);
    await screenshot(page.page, 'document-not-found');
  });
});

describe('pasting', () => {
  it('keeps the text of a link whose address or title is too long, and the rest of the paste', async () => {
    const hugo = await member('Hugo Pegado');
    await caretInFirstBlock(hugo, 20);
    const longHref = `https://example.org/${'a'.repeat(3000)}`;
    await paste(hugo, {
      html: `<span>Pegado: <a href="${longHref}">enlace enorme</a>, <a href="https://example.org/t" title="${'t'.repeat(600)}">título enorme</a> y <a href="https://example.org/bien">enlace bueno</a>.</span>`,
    });
    const block = hugo.locator(ARTICLES).nth(19).locator('p').first();
    await expect.poll(() => block.innerText()).toContain('Pegado: enlace enorme, título enorme y enlace bueno.');
    expect(await block.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['https://example.org/bien']);
    // A plain paragraph from another program (no uid) pastes too.
    await paste(hugo, { html: '<p>Párrafo de otro programa</p>' });
    await expect.poll(() => hugo.locator(ARTICLES).nth(19).innerText()).toContain('Párrafo de otro programa');
    expect(session.opened.find((o) => o.page === hugo)?.errors).toEqual([]);
  });
});

describe('the page itself', () => {
  it('loads without ProseMirror’s TextSelection warning', async () => {
    const fresh = await session.open('citizen', 'Irene Lectora');
    await fresh.page.waitForTimeout(500);
    expect(fresh.console.filter((line) => line.includes('TextSelection endpoint'))).toEqual([]);
    // Nor did any page opened by the tests above.
    expect(session.opened.flatMap((o) => o.console).filter((line) => line.includes('TextSelection endpoint'))).toEqual([]);
  });
});
