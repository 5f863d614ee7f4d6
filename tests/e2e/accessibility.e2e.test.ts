/**
 * An automated accessibility check (axe-core, the WCAG 2.0/2.1 A and AA rules) of every page a
 * person meets, in Chromium against the real server: the editor as a member and as a citizen, in
 * Spanish and in English; the public reading room of a published version on a wide screen and on a
 * 375 × 667 phone; the history page (a diff, blame, and the auditor's audit log); the sign-in page;
 * and an article's comment thread with a comment and a reply, and the moderation queue. No
 * violation of impact "serious" or "critical" may remain; every violation found, of any impact, is
 * printed with its nodes for the record.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserSession } from './support/browser-session.ts';
import { ARTICLES, caretAtEndOfEpigrafe, epigrafeText, type OpenedPage, waitForEditor, watch } from './support/pages.ts';
import { restCall, tokenFor, articleUidByNum } from './support/rest.ts';

const session = browserSession();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 667 };
const BODY = 'El derecho al agua debe ser exigible ante los tribunales.';
const REPLY = 'La comisión lo recoge en el apartado B; gracias.';

let article13 = '';
let namedSeq = 0;

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
  any?: Array<{ message: string }>;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

const call = (method: string, path: string, token: string, body: unknown, status: number): Promise<unknown> => restCall(session.server, method, path, token, body, status);

const tokenOf = (role: 'member' | 'citizen' | 'admin', name: string): Promise<string> => tokenFor(session.server, role, name);

beforeAll(async () => {
  const member = await tokenOf('member', 'Redactora');
  article13 = await articleUidByNum(session.server, member, '13');
  // The reading room needs a published (named) version.
  namedSeq = ((await call('POST', '/api/documents/cdmx/versions', member, { name: 'Proyecto de Constitución', note: 'Presentado a la Asamblea Constituyente.' }, 201)) as { seq: number }).seq;
  // Article 13's thread: a citizen's comment, flagged by another, and a member's reply.
  const [lucia, pedro] = [await tokenOf('citizen', 'Lucía Ciudadana'), await tokenOf('citizen', 'Pedro Ciudadano')];
  const comment = (await call('POST', '/api/documents/cdmx/comments', lucia, { articleUid: article13, body: BODY }, 201)) as { id: string };
  await call('POST', '/api/documents/cdmx/comments', member, { articleUid: article13, body: REPLY, parentId: comment.id }, 201);
  await call('POST', `/api/comments/${comment.id}/flag`, pedro, { reason: 'Menciona a una vecina con nombre.' }, 201);
  await call('PUT', `/api/documents/cdmx/articles/${article13}/stance`, lucia, { stance: 'support' }, 200);
});

/**
 * Runs axe on the page as it stands, prints every violation with its nodes, and returns the ones of
 * impact "serious" or "critical" as `rule: selector` lines (empty when the page passes).
 */
async function audit(page: Page, name: string): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the pages' Content-Security-Policy does not apply to it.
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const { violations, incomplete } = (await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: unknown[]; incomplete: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
    return { violations: result.violations, incomplete: result.incomplete };
  }, WCAG_TAGS)) as { violations: AxeViolation[]; incomplete: AxeViolation[] };
  const lines: string[] = [];
  for (const violation of violations) {
    lines.push(`  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.nodes.length} node${violation.nodes.length === 1 ? '' : 's'}) ${violation.helpUrl}`);
    for (const node of violation.nodes) {
      lines.push(`    ${JSON.stringify(node.target)} ${node.html.slice(0, 160)}`);
      if (node.failureSummary) lines.push(`      ${node.failureSummary.replace(/\n/g, '\n      ')}`);
    }
  }
  // What axe could not decide (for instance contrast over an image) is for a person to review, not a failure.
  const review = incomplete
    .map((result) => [`${result.id} ×${result.nodes.length}`, ...result.nodes.slice(0, 5).map((node) => `      ${JSON.stringify(node.target)} ${node.any?.[0]?.message ?? ''}`)].join('\n'))
    .join('\n    ');
  console.log(`axe, ${name}: ${violations.length === 0 ? 'no violations' : `${violations.length} violation(s)\n${lines.join('\n')}`}${review ? `\n  needs review:\n    ${review}` : ''}`);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)}`));
}

/** A new browser context of this size, with JavaScript on (axe runs inside the page, the reading room's too). */
function context(viewport: { width: number; height: number }): Promise<BrowserContext> {
  return session.browser.newContext({ viewport });
}

/** A person with the editor loaded, in Spanish or switched to English. */
async function editorAs(role: 'member' | 'citizen', name: string, lang: 'es' | 'en'): Promise<OpenedPage> {
  const person = await session.open(role, name, { context: await context(DESKTOP) });
  if (lang === 'en') {
    await person.page.getByTestId('lang-switch').click();
    await person.page.waitForFunction(() => document.documentElement.lang === 'en');
  }
  expect(await person.page.evaluate(() => document.documentElement.lang)).toBe(lang);
  return person;
}

/** Someone not signed in. */
async function anonymous(name: string, viewport = DESKTOP): Promise<OpenedPage> {
  const ctx = await context(viewport);
  const opened = watch(await ctx.newPage(), ctx, name);
  session.adopt(opened);
  return opened;
}

/** Puts the caret in article 13 with the mouse (its epígrafe); the margin follows. */
async function openArticle13(page: Page): Promise<void> {
  const heading = page.locator(ARTICLES).nth(12).locator('h4.epigrafe');
  await heading.scrollIntoViewIfNeeded();
  await heading.click();
  await page.waitForFunction(() => document.querySelector('[data-testid="comments-title"]')?.textContent?.includes('13'));
}

describe('accessibility (axe-core, WCAG 2.1 A and AA): no serious or critical violations', () => {
  for (const role of ['member', 'citizen'] as const) {
    for (const lang of ['es', 'en'] as const) {
      it(`the editor, as a ${role}, in ${lang === 'es' ? 'Spanish' : 'English'}`, async () => {
        const person = await editorAs(role, `${role === 'member' ? 'Ana Comisión' : 'Luz Ciudadana'} ${lang}`, lang);
        expect(await audit(person.page, `editor as ${role} (${lang})`)).toEqual([]);
        // The help panel, opened from the header.
        await person.page.getByTestId('help-button').click();
        await person.page.getByTestId('help-panel').waitFor();
        expect(await audit(person.page, `editor as ${role} (${lang}), help panel open`)).toEqual([]);
        expect(person.errors).toEqual([]);
      });
    }
  }

  it('the editor with another person’s caret, name flag and selection in view, and the account menu open', async () => {
    const eva = await session.open('member', 'Eva Selección', { context: await context(DESKTOP) });
    const paragraph = eva.page.locator(ARTICLES).nth(0).locator('p').first();
    await paragraph.scrollIntoViewIfNeeded();
    await paragraph.click();
    await eva.page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await eva.page.keyboard.press('Shift+Control+ArrowRight');
    const raul = await session.open('member', 'Raúl Lector', { context: await context(DESKTOP) });
    await raul.page.locator(ARTICLES).nth(0).scrollIntoViewIfNeeded();
    await raul.page.locator('.remote-caret-name', { hasText: 'Eva Selección' }).waitFor();
    await raul.page.locator('.remote-selection').first().waitFor();
    expect(await audit(raul.page, 'editor with a remote caret and selection')).toEqual([]);
    await raul.page.getByTestId('account-button').click();
    await raul.page.getByTestId('account-menu').waitFor();
    expect(await audit(raul.page, 'editor with the account menu open')).toEqual([]);
    expect([...eva.errors, ...raul.errors]).toEqual([]);
  });

  it('the editor on a phone, where the columns are tabs', async () => {
    const person = await session.open('citizen', 'Sofía en el teléfono', { context: await context(PHONE) });
    expect(await audit(person.page, 'editor on a phone (citizen)')).toEqual([]);
    await person.page.getByTestId('tab-margin').click();
    expect(await audit(person.page, 'editor on a phone, margin tab')).toEqual([]);
  });

  for (const [label, viewport] of [['a wide screen', DESKTOP], ['a 375 × 667 phone', PHONE]] as const) {
    it(`the reading room of a published version, on ${label}, in Spanish and in English`, async () => {
      const { page, errors } = await anonymous(`reading room (${label})`, viewport);
      for (const path of ['/read/cdmx', '/read/cdmx?lang=en', `/read/cdmx/v/${namedSeq}`]) {
        const response = await page.goto(`${session.server.url}${path}`);
        expect(response?.status()).toBe(200);
        await page.locator('.rr-text section.articulo').nth(70).waitFor({ state: 'attached' });
        expect(await audit(page, `reading room ${path} (${label})`)).toEqual([]);
      }
      expect(errors).toEqual([]);
    });
  }

  it('the history page: a diff and blame for a member, the audit log for an auditor', async () => {
    const ana = await session.open('member', 'Ana Historia', { context: await context(DESKTOP) });
    const page = ana.page;
    await caretAtEndOfEpigrafe(page, 13);
    await page.keyboard.type(' y de la memoria');
    await expect.poll(() => epigrafeText(page, 13)).toContain('y de la memoria');
    await expect.poll(() => page.getByTestId('unsent-count').isVisible().catch(() => false), { timeout: 10_000 }).toBe(false);
    await page.getByTestId('history-link').click();
    await page.getByTestId('version-name').waitFor();
    await page.getByTestId('named-version').first().waitFor();
    expect(await audit(page, 'history page (member)')).toEqual([]);

    const fromLabel = await page.getByTestId('compare-from').locator('option', { hasText: 'Proyecto de Constitución' }).innerText();
    await page.getByTestId('compare-from').selectOption({ label: fromLabel });
    await page.getByTestId('compare').click();
    await page.getByTestId('history-ins').first().waitFor();
    const thirteen = await page.getByTestId('blame-article').locator('option', { hasText: /^Artículo 13\./ }).getAttribute('value');
    await page.getByTestId('blame-article').selectOption(thirteen ?? '');
    await page.getByTestId('blame-show').click();
    await page.getByTestId('blame-run').first().waitFor();
    expect(await audit(page, 'history page (member), diff and blame shown')).toEqual([]);

    const olga = await session.open('auditor', 'Olga Auditora', { context: await context(DESKTOP) });
    await olga.page.goto(`${session.server.url}/d/cdmx/history`);
    await olga.page.getByTestId('audit-log').waitFor();
    await olga.page.locator('[data-testid="audit-event"]').first().waitFor();
    expect(await audit(olga.page, 'history page (auditor), audit log')).toEqual([]);

    await olga.page.goto(`${session.server.url}/d/cdmx/history/${namedSeq}`);
    await olga.page.locator('section.articulo').nth(70).waitFor();
    expect(await audit(olga.page, 'version reader')).toEqual([]);
    expect([...ana.errors, ...olga.errors]).toEqual([]);
  });

  it('the sign-in page, empty and after a refused attempt', async () => {
    const { page, errors } = await anonymous('sign-in');
    await page.goto(`${session.server.url}/signin`);
    await page.getByTestId('signin-email').waitFor();
    expect(await audit(page, 'sign-in page')).toEqual([]);
    // Submitted empty: the errors beside the fields.
    await page.getByTestId('signin-password').press('Enter');
    await page.locator('[aria-invalid="true"]').first().waitFor();
    expect(await audit(page, 'sign-in page with field errors')).toEqual([]);
    await page.getByTestId('signin-email').fill('nadie@example.org');
    await page.getByTestId('signin-password').fill('una contraseña equivocada');
    await page.getByTestId('signin-password').press('Enter');
    await page.getByRole('alert').first().waitFor({ timeout: 15_000 });
    expect(await audit(page, 'sign-in page after a wrong password')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('an article’s comment thread with a comment and a reply, and the moderation queue', async () => {
    const lucia = await session.open('citizen', 'Lucía en el margen', { context: await context(DESKTOP) });
    const page = lucia.page;
    await openArticle13(page);
    const thread = page.getByTestId('comment-thread').filter({ hasText: 'derecho al agua debe ser exigible' });
    await thread.waitFor();
    await thread.getByTestId('comment-replies-toggle').click();
    await thread.getByTestId('comment-replies').getByText(REPLY).waitFor();
    expect(await audit(page, 'comment thread with its reply (citizen)')).toEqual([]);
    // Writing a reply: the form open in the thread.
    await thread.getByTestId('comment-reply').click();
    await thread.getByTestId('comment-form').waitFor();
    expect(await audit(page, 'comment thread, reply form open')).toEqual([]);
    // A new comment on the article, submitted empty (the error beside the field).
    await page.getByTestId('comments-new').click();
    await page.getByTestId('comments-panel').locator('> [data-testid="comment-form"]').getByTestId('comment-submit').click();
    expect(await audit(page, 'comment form with its error')).toEqual([]);

    const admin = await session.open('admin', 'Admin Moderadora', { context: await context(DESKTOP) });
    await openArticle13(admin.page);
    await admin.page.getByTestId('comment-thread').filter({ hasText: 'derecho al agua debe ser exigible' }).waitFor();
    expect(await audit(admin.page, 'comment thread (admin)')).toEqual([]);
    await admin.page.getByTestId('comments-moderation').click();
    const dialog = admin.page.getByTestId('moderation-dialog');
    await dialog.getByTestId('moderation-entry').first().waitFor();
    await dialog.getByTestId('moderation-hide').first().click();
    await dialog.getByTestId('reason-input').waitFor();
    expect(await audit(admin.page, 'moderation queue, hiding a comment')).toEqual([]);
    expect([...lucia.errors, ...admin.errors]).toEqual([]);
  });
});
