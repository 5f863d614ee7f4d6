/**
 * Citizen comments in the drafting room, in Chromium against a real server: a citizen comments on
 * article 13 with the keyboard only (outline, the comment shortcut, Escape and Ctrl+Enter, the
 * focus coming back to the text); a member replies and marks the thread addressed by the current
 * version; another citizen flags it; an admin hides it from the moderation queue; the first citizen,
 * without reloading, sees the placeholder with the reason and the member's reply still there.
 * Hostile bodies render as text and safe links only, and support and opposition counts follow in
 * another browser without a reload (the server's comments-changed notice; nothing polls).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { browserSession } from './support/browser-session.ts';
import { ARTICLES, articleUid } from './support/pages.ts';
import { restCall, tokenFor, articleUidByNum } from './support/rest.ts';

const session = browserSession();
const BODY = 'Propongo que el derecho al agua sea exigible ante los tribunales. Ver https://example.org/agua.';
const REPLY = 'La comisión lo recoge en el apartado B; gracias.';
const HIDE_REASON = 'Datos personales de un tercero';

let article13 = '';

const call = (method: string, path: string, token: string, body: unknown, status: number): Promise<unknown> => restCall(session.server, method, path, token, body, status);

const tokenOf = (role: 'member' | 'citizen' | 'admin', name: string): Promise<string> => tokenFor(session.server, role, name);

beforeAll(async () => {
  const member = await tokenOf('member', 'Lectora');
  article13 = await articleUidByNum(session.server, member, '13');
});

/** The focused element's test id, or its tag. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return active?.dataset.testid ?? active?.tagName.toLowerCase() ?? '';
  });
}

/** Moves the keyboard focus to the outline entry of article `num`, from the start of the page. */
async function outlineToArticle(page: Page, num: string): Promise<void> {
  // The second skip link leads to the outline.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Saltar al índice');
  await page.keyboard.press('Enter');
  const pattern = new RegExp(`^Artículo ${num}\\b`);
  for (let i = 0; i < 300; i++) {
    const label = await page.evaluate(() => document.activeElement?.querySelector('.outline-label')?.textContent ?? '');
    if (pattern.test(label)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`article ${num} not reached in the outline`);
}

/** Puts the caret in article 13 with the mouse (its epígrafe); the margin follows. */
async function openArticle13(page: Page): Promise<void> {
  const heading = page.locator(ARTICLES).nth(12).locator('h4.epigrafe');
  await heading.scrollIntoViewIfNeeded();
  await heading.click();
  await page.waitForFunction(() => document.querySelector('[data-testid="comments-title"]')?.textContent?.includes('13'));
}

function thread(page: Page) {
  return page.getByTestId('comment-thread').filter({ hasText: 'derecho al agua sea exigible' });
}

describe('citizen comments in the drafting room', () => {
  it('takes a comment, a reply, addressing, a flag and a hide through to the placeholder, by keyboard where a citizen writes', async () => {
    const lucia = await session.open('citizen', 'Lucía Ciudadana');
    const page = lucia.page;
    expect(await articleUid(page, 13)).toBe(article13);

    // Keyboard only: outline → article 13 → the comment shortcut.
    await outlineToArticle(page, '13');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('editor');
    await page.waitForFunction(() => document.querySelector('[data-testid="comments-title"]')?.textContent === 'Comentarios del Artículo 13');
    await page.keyboard.press('Control+Alt+m');
    await page.getByTestId('comment-form').first().waitFor();
    expect(await focused(page)).toBe('comment-body-input');
    expect(await page.getByTestId('comment-target').textContent()).toBe('Sobre todo el Artículo 13.');
    // Escape closes the form and gives the focus back to the text.
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('comments-panel').locator('> [data-testid="comment-form"]').isHidden()).toBe(true);
    expect(await focused(page)).toBe('editor');
    await page.keyboard.press('Control+Alt+m');
    expect(await focused(page)).toBe('comment-body-input');
    await page.keyboard.type(BODY);
    await page.keyboard.press('Control+Enter');
    await thread(page).waitFor();
    expect(await focused(page)).toBe('editor');
    await expect.poll(() => page.getByTestId('flash-status').textContent()).toContain('Comentario publicado en el Artículo 13');
    const posted = thread(page);
    expect(await posted.getByTestId('comment-body').first().textContent()).toBe(BODY);
    expect(await posted.getByTestId('comment-scope').textContent()).toBe('Sobre todo el artículo');
    // The address is a link that opens apart from the page; the rest is text.
    const link = posted.getByTestId('comment-body').first().locator('a');
    expect(await link.getAttribute('href')).toBe('https://example.org/agua');
    expect(await link.getAttribute('rel')).toBe('nofollow noopener noreferrer ugc');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await page.getByTestId('comments-summary').textContent()).toBe('1 hilo de comentarios');
    // The help panel lists the shortcut.
    await page.keyboard.press('Control+/');
    await page.getByTestId('help-panel').waitFor();
    expect(await page.getByTestId('help-panel').textContent()).toContain('Comentar el pasaje seleccionado o el artículo donde está el cursor');
    expect(await page.getByTestId('help-panel').textContent()).toContain('Ctrl+Alt+M');
    await page.keyboard.press('Escape');
    await screenshot(page, 'comments-citizen-thread');

    // A member replies and marks the thread addressed by the current version.
    const ana = await session.open('member', 'Ana Comisión');
    await openArticle13(ana.page);
    const anaThread = thread(ana.page);
    await anaThread.waitFor();
    await anaThread.getByTestId('comment-reply').click();
    expect(await focused(ana.page)).toBe('comment-body-input');
    await ana.page.keyboard.type(REPLY);
    await anaThread.getByTestId('comment-submit').click();
    await anaThread.getByTestId('comment-replies').getByText(REPLY).waitFor();
    expect(await anaThread.getByTestId('comment-replies').locator('.comment-role').textContent()).toBe('Comisión redactora');
    await anaThread.getByTestId('comment-address').first().click();
    expect(await anaThread.getByTestId('reason-checkbox').isChecked()).toBe(true);
    await anaThread.getByTestId('reason-input').fill('Recogido en la nueva redacción.');
    await anaThread.getByTestId('reason-submit').click();
    await anaThread.getByTestId('comment-addressed').waitFor();
    expect(await anaThread.getByTestId('comment-addressed-version').getAttribute('href')).toMatch(/^\/d\/cdmx\/history\/\d+$/);
    expect(await anaThread.getByTestId('comment-reopen').count()).toBe(1);

    // The citizen's open margin follows without a reload: the reply count and the addressed mark.
    await thread(page).getByTestId('comment-addressed').waitFor();
    await expect.poll(() => thread(page).getByTestId('comment-replies-toggle').textContent()).toBe('Ver 1 respuesta');

    // Another citizen flags it, with a reason.
    const beto = await session.open('citizen', 'Beto Ciudadano');
    await openArticle13(beto.page);
    const betoThread = thread(beto.page);
    await betoThread.waitFor();
    await betoThread.getByTestId('comment-flag').first().click();
    await betoThread.getByTestId('reason-input').fill('Menciona a una vecina con nombre y dirección.');
    await betoThread.getByTestId('reason-submit').click();
    await betoThread.getByTestId('comment-flagged').first().waitFor();
    expect(await betoThread.getByTestId('comment-flag').count()).toBe(0);

    // An admin hides it from the moderation queue.
    const admin = await session.open('admin', 'Admin Moderadora');
    await admin.page.getByTestId('comments-moderation').click();
    const dialog = admin.page.getByTestId('moderation-dialog');
    await dialog.waitFor();
    const entry = dialog.getByTestId('moderation-entry').filter({ hasText: 'derecho al agua sea exigible' });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Menciona a una vecina');
    expect(await entry.textContent()).toContain('Beto Ciudadano');
    expect(await entry.textContent()).toContain('Artículo 13');
    await entry.getByTestId('moderation-hide').click();
    // The reason is required.
    await entry.getByTestId('reason-submit').click();
    expect(await entry.getByTestId('reason-error').textContent()).toBe('Escribe el motivo.');
    await entry.getByTestId('reason-input').fill(HIDE_REASON);
    await screenshot(admin.page, 'comments-moderation-queue');
    await entry.getByTestId('reason-submit').click();
    await expect.poll(() => dialog.getByTestId('moderation-entry').count()).toBe(0);
    expect(await dialog.getByTestId('moderation-status').textContent()).toContain('Comentario ocultado');
    await admin.page.keyboard.press('Escape');
    await expect.poll(() => focused(admin.page)).toBe('comments-moderation');

    // The citizen sees the placeholder with the reason, and the member's reply is still there.
    const hidden = page.getByTestId('comment-thread').filter({ has: page.getByTestId('comment-hidden') });
    await hidden.waitFor();
    expect(await hidden.getByTestId('comment-hidden').textContent()).toContain(HIDE_REASON);
    expect(await hidden.textContent()).not.toContain('derecho al agua sea exigible');
    await hidden.getByTestId('comment-replies-toggle').click();
    await hidden.getByTestId('comment-replies').getByText(REPLY).waitFor();
    await screenshot(page, 'comments-hidden-placeholder');

    // The admin's margin shows the whole comment with who hid it, and can show it again.
    await openArticle13(admin.page);
    const adminThread = admin.page.getByTestId('comment-thread').filter({ hasText: 'derecho al agua sea exigible' });
    await adminThread.getByTestId('comment-unhide').first().waitFor();
    expect(await adminThread.getByTestId('comment-hidden').first().textContent()).toContain('Admin Moderadora');

    for (const person of [lucia, ana, beto, admin]) expect(person.errors).toEqual([]);
  });

  it('renders hostile comment bodies as text and safe links only', async () => {
    const mallory = await tokenOf('citizen', 'Mallory');
    const bodies = [
      '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
      '<a href="javascript:window.__pwned = 3">click</a> javascript:window.__pwned=4 data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      '<svg onload="window.__pwned = 5"></svg> https://example.org/"onmouseover="window.__pwned=6 <iframe src="https://example.org"></iframe>',
    ];
    for (const body of bodies) await call('POST', '/api/documents/cdmx/comments', mallory, { articleUid: article13, body }, 201);
    const reader = await session.open('citizen', 'Lectora Atenta');
    await openArticle13(reader.page);
    await reader.page.getByTestId('comment-thread').filter({ hasText: 'window.__pwned = 5' }).waitFor();
    const check = await reader.page.evaluate(() => {
      const problems: string[] = [];
      const shown: string[] = [];
      for (const body of document.querySelectorAll('[data-testid="comments-panel"] [data-testid="comment-body"]')) {
        shown.push(body.textContent ?? '');
        const walker = document.createTreeWalker(body, NodeFilter.SHOW_ALL);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.nodeType === Node.TEXT_NODE) continue;
          if (!(node instanceof HTMLAnchorElement)) {
            problems.push(`element ${node.nodeName}`);
            continue;
          }
          const names = node.getAttributeNames().sort().join(',');
          if (names !== 'href,rel,target') problems.push(`attributes ${names}`);
          if (!/^https?:\/\//.test(node.getAttribute('href') ?? '')) problems.push(`href ${node.getAttribute('href')}`);
          if ([...node.childNodes].some((child) => child.nodeType !== Node.TEXT_NODE)) problems.push('link holds an element');
        }
      }
      return { problems, shown, pwned: (window as unknown as { __pwned?: number }).__pwned ?? null };
    });
    expect(check.problems).toEqual([]);
    expect(check.pwned).toBeNull();
    for (const body of bodies) expect(check.shown).toContain(body);
    expect(reader.errors).toEqual([]);
  });

  it('comments on a selected passage, shows it in the text, and keeps the thread with its quote when the passage is deleted', async () => {
    // A citizen selects a paragraph with the mouse (the text is read-only for her) and uses the panel's button.
    const rosa = await session.open('citizen', 'Rosa Ciudadana');
    const paragraph = rosa.page.locator(ARTICLES).nth(12).locator('p').nth(1);
    await paragraph.scrollIntoViewIfNeeded();
    await paragraph.click({ clickCount: 3 });
    await rosa.page.waitForFunction(() => document.querySelector('[data-testid="comments-title"]')?.textContent?.includes('13'));
    await rosa.page.getByTestId('comments-new').click();
    expect(await rosa.page.getByTestId('comment-target').textContent()).toBe('Sobre este pasaje del Artículo 13:');
    const paragraphText = (await paragraph.textContent()) ?? '';
    expect(paragraphText).toContain((await rosa.page.getByTestId('comment-target-quote').textContent()) ?? '—');
    await rosa.page.keyboard.type('Este párrafo debería nombrar a los pueblos originarios.');
    await rosa.page.keyboard.press('Control+Enter');
    await rosa.page.getByTestId('comment-thread').filter({ hasText: 'pueblos originarios' }).getByTestId('comment-quote').waitFor();

    // A member selects the first words of the article's first paragraph by keyboard and comments on them.
    const ines = await session.open('member', 'Inés Comisión');
    const page = ines.page;
    const first = page.locator(ARTICLES).nth(12).locator('p').first();
    await first.scrollIntoViewIfNeeded();
    await first.click();
    await page.keyboard.press('Home');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+Control+ArrowRight');
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
    await page.keyboard.press('Control+Alt+m');
    const quote = (await page.getByTestId('comment-target-quote').textContent()) ?? '';
    expect(quote.trim()).toBe(selected.trim());
    await page.keyboard.type('Aclarar quién es «toda persona».');
    await page.keyboard.press('Control+Enter');
    const ownThread = page.getByTestId('comment-thread').filter({ hasText: 'Aclarar quién es' });
    await ownThread.waitFor();
    expect(await ownThread.getByTestId('comment-quote').textContent()).toBe(quote);
    // "Show in the text" selects the passage again.
    await page.locator(ARTICLES).nth(12).locator('h4.epigrafe').click();
    await ownThread.getByTestId('comment-show-in-text').click();
    expect((await page.evaluate(() => window.getSelection()?.toString() ?? '')).trim()).toBe(quote.trim());
    // Deleting the passage leaves the thread, shown as orphaned with its quote.
    await page.keyboard.press('Backspace');
    await ownThread.getByTestId('comment-orphaned').waitFor({ timeout: 15_000 });
    expect(await ownThread.getByTestId('comment-quote').textContent()).toBe(quote);
    await screenshot(page, 'comments-orphaned-passage');
    for (const person of [rosa, ines]) expect(person.errors).toEqual([]);
  });

  it('works on a phone, where the margin is a tab', async () => {
    const sofia = await session.open('citizen', 'Sofía Ciudadana', { viewport: { width: 390, height: 844 } });
    const page = sofia.page;
    await openArticle13(page);
    await page.getByTestId('tab-margin').click();
    await page.getByTestId('comments-new').click();
    expect(await focused(page)).toBe('comment-body-input');
    await page.keyboard.type('Desde el teléfono: apoyo este artículo.');
    await page.getByTestId('comments-panel').locator('> [data-testid="comment-form"]').getByTestId('comment-submit').click();
    await page.getByTestId('comment-thread').filter({ hasText: 'Desde el teléfono' }).waitFor();
    await page.getByTestId('stance-support').click();
    await expect.poll(() => page.getByTestId('stance-support').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'comments-phone');
    // Withdrawn again, so that the next test starts from no stance.
    await page.getByTestId('stance-support').click();
    await expect.poll(() => page.getByTestId('stance-support').getAttribute('aria-pressed')).toBe('false');
    expect(sofia.errors).toEqual([]);
  });

  it('updates support and opposition counts in another browser without a reload', async () => {
    const carmen = await session.open('citizen', 'Carmen Ciudadana');
    const diego = await session.open('citizen', 'Diego Ciudadano');
    await openArticle13(carmen.page);
    await openArticle13(diego.page);
    const counts = (page: Page) => page.getByTestId('stance').evaluate((node) => [(node as HTMLElement).dataset.support, (node as HTMLElement).dataset.oppose].join('/'));
    await expect.poll(() => counts(diego.page)).toBe('0/0');
    await carmen.page.getByTestId('stance-support').click();
    await expect.poll(() => carmen.page.getByTestId('stance-support').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => counts(diego.page)).toBe('1/0');
    expect(await diego.page.getByTestId('stance-support').textContent()).toBe('A favor (1)');
    await diego.page.getByTestId('stance-oppose').click();
    await expect.poll(() => counts(carmen.page)).toBe('1/1');
    // One stance per citizen, changeable: Carmen changes her mind.
    await carmen.page.getByTestId('stance-oppose').click();
    await expect.poll(() => counts(diego.page)).toBe('0/2');
    expect(await carmen.page.getByTestId('stance-support').getAttribute('aria-pressed')).toBe('false');
    // A member sees the counts, without buttons.
    const member = await session.open('member', 'Eva Comisión');
    await openArticle13(member.page);
    await expect.poll(() => member.page.getByTestId('stance-counts').textContent()).toBe('0 a favor · 2 en contra');
    expect(await member.page.getByTestId('stance-support').count()).toBe(0);
    // Touch: every control of the panel is at least 44 × 44 px.
    const small = await diego.page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="comments-panel"] button')]
        .filter((button) => button.offsetParent !== null)
        .map((button) => ({ text: button.textContent, box: button.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 44 || box.height < 44)
        .map(({ text, box }) => `${text}: ${box.width}×${box.height}`),
    );
    expect(small).toEqual([]);
    await screenshot(diego.page, 'comments-stance');
    for (const person of [carmen, diego, member]) expect(person.errors).toEqual([]);
  });
});
