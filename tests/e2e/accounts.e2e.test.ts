/**
 * Accounts in Chromium, on a phone-sized window where it matters: a citizen signs up (by keyboard,
 * after the form has said what is wrong beside each field), stays signed in across a reload,
 * changes their password, signs out, is sent to the sign-in page by the document and brought back
 * after signing in; a wrong password and too many attempts are said in words. An admin signed in
 * by link invites a member, who accepts in another browser and edits the text the admin sees.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { browserSession } from './support/browser-session.ts';
import { ARTICLES, caretInFirstBlock, type OpenedPage, waitForEditor, watch } from './support/pages.ts';

const session = browserSession();
const PHONE = { width: 375, height: 740 };
/** Answers wait on password hashing (slow on purpose), more so on a busy machine. */
const WAIT = { timeout: 15_000 };

async function person(name: string, viewport = PHONE): Promise<OpenedPage> {
  const context = await session.browser.newContext({ viewport });
  const opened = watch(await context.newPage(), context, name);
  session.adopt(opened);
  return opened;
}

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The element that has the focus, by its test id (or its tag when it has none). */
function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
}

/** The text of the elements an input's aria-describedby names. */
function description(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((input) =>
    (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id !== '')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' | '),
  );
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-password').press('Enter');
}

describe('a citizen’s account', () => {
  it('signs up, stays signed in, changes the password, signs out and back in, and hears what went wrong', async () => {
    const ana = await person('Ana');
    const { page } = ana;
    const url = session.server.url;

    // Nobody signed in: the document sends the person to sign in (and the sign-in page to sign up).
    await page.goto(`${url}/d/cdmx`);
    await page.waitForURL(`${url}/signin?next=%2Fd%2Fcdmx`);
    await page.getByTestId('sign-in').waitFor();
    expect(await page.locator('h1').innerText()).toBe('Iniciar sesión');
    expect(await focused(page)).toBe('signin-email');
    await page.getByTestId('to-signup').click();
    await page.waitForURL(`${url}/signup?next=%2Fd%2Fcdmx`);
    await page.getByTestId('sign-up').waitFor();
    expect(await sidewaysOverflow(page)).toBe(0);

    // Sending it empty: each field says what it needs, tied to the input, and the focus goes to the first.
    expect(await focused(page)).toBe('signup-name');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('signup-alert').innerText(), WAIT).toBe('Revisa los 3 campos marcados.');
    expect(await focused(page)).toBe('signup-name');
    expect(await page.getByTestId('signup-name').getAttribute('aria-invalid')).toBe('true');
    expect(await description(page, 'signup-name')).toContain('Escribe tu nombre.');
    expect(await description(page, 'signup-password')).toBe(
      'Escribe tu contraseña. | Entre 10 y 200 caracteres. Una frase larga que recuerdes es más segura que una palabra corta con símbolos.',
    );

    // By keyboard: name, Tab, email, Tab, a password too short, Enter.
    await page.keyboard.type('Ana Ciudadana');
    expect(await page.getByTestId('signup-name').getAttribute('aria-invalid')).toBeNull();
    await page.keyboard.press('Tab');
    await page.keyboard.type('ana@ejemplo.mx');
    await page.keyboard.press('Tab');
    await page.keyboard.type('corta');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('signup-alert').innerText(), WAIT).toBe('Revisa el campo marcado.');
    expect(await focused(page)).toBe('signup-password');
    expect(await page.getByTestId('signup-password-error').innerText()).toContain('La contraseña necesita al menos 10 caracteres; tiene 5.');
    await screenshot(page, 'accounts-signup-errors-phone');
    await page.keyboard.type(' pero ya no tanto');
    await page.keyboard.press('Enter');

    // Signed up and signed in: back at the document, as a citizen (who reads).
    await page.waitForURL(`${url}/d/cdmx`);
    await waitForEditor(page);
    expect(await page.getByTestId('app').getAttribute('data-role')).toBe('citizen');
    expect(await page.locator('.self-name').innerText()).toBe('Ana Ciudadana');
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.reload();
    await waitForEditor(page);
    expect(await page.locator('.self-name').innerText()).toBe('Ana Ciudadana');

    // The same email cannot sign up twice: said beside the email.
    const other = await person('Otra');
    await other.page.goto(`${url}/signup`);
    await other.page.getByTestId('signup-name').fill('Otra Ana');
    await other.page.getByTestId('signup-email').fill('ANA@ejemplo.mx');
    await other.page.getByTestId('signup-password').fill('otra frase bastante larga');
    await other.page.getByTestId('signup-submit').click();
    await other.page.getByTestId('signup-email-error').waitFor();
    expect(await other.page.getByTestId('signup-email-error').innerText()).toContain('Ya hay una cuenta con este correo.');
    expect(await focused(other.page)).toBe('signup-email');

    // The account menu, by keyboard: change the password (a wrong current one is said beside it).
    await page.getByTestId('account-button').focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('account-button').getAttribute('aria-expanded')).toBe('true');
    expect(await focused(page)).toBe('account-change-password');
    expect(await page.getByTestId('account-invite').count()).toBe(0);
    await screenshot(page, 'accounts-menu-phone');
    await page.keyboard.press('Enter');
    await page.getByTestId('password-dialog').waitFor();
    expect(await focused(page)).toBe('password-current');
    await page.keyboard.type('no es esta contraseña');
    await page.keyboard.press('Tab');
    await page.keyboard.type('una contraseña nueva y larga');
    await page.keyboard.press('Enter');
    await page.getByTestId('password-current-error').waitFor();
    expect(await page.getByTestId('password-current-error').innerText()).toContain('La contraseña actual no es correcta.');
    expect(await focused(page)).toBe('password-current');
    await page.getByTestId('password-current').fill('corta pero ya no tanto');
    await page.getByTestId('password-submit').click();
    await expect.poll(() => page.getByTestId('flash-status').innerText(), WAIT).toContain('Tu contraseña cambió.');
    expect(await page.getByTestId('password-dialog').isVisible()).toBe(false);
    // Escape closes the menu and gives the focus back to its button.
    await page.getByTestId('account-button').click();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('account-menu').isVisible()).toBe(false);
    expect(await focused(page)).toBe('account-button');

    // Signing out: the sign-in page; the history page now sends there too, and back after signing in.
    await page.keyboard.press('Enter');
    await page.getByTestId('account-sign-out').click();
    await page.waitForURL(`${url}/signin`);
    // The public pages stay open, with a way to sign in that comes back to them.
    await page.goto(`${url}/sources`);
    await page.getByTestId('account-sign-in').waitFor();
    expect(await page.getByTestId('account-sign-in').getAttribute('href')).toBe('/signin?next=%2Fsources');
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.goto(`${url}/d/cdmx/history`);
    await page.waitForURL(`${url}/signin?next=%2Fd%2Fcdmx%2Fhistory`);
    await signIn(page, 'ana@ejemplo.mx', 'corta pero ya no tanto');
    await expect.poll(() => page.getByTestId('signin-alert').innerText(), WAIT).toBe('El correo o la contraseña no son correctos.');
    expect(await page.getByTestId('signin-alert').getAttribute('role')).toBe('alert');
    await screenshot(page, 'accounts-wrong-password-phone');
    await signIn(page, 'ana@ejemplo.mx', 'una contraseña nueva y larga');
    await page.waitForURL(`${url}/d/cdmx/history`);
    await page.getByTestId('history-main').waitFor();

    await page.goto(`${url}/sources`);
    await page.getByTestId('account-button').waitFor();
    expect(await page.locator('.self-name').innerText()).toBe('Ana Ciudadana');
    expect(await sidewaysOverflow(page)).toBe(0);
    await screenshot(page, 'accounts-sources-signed-in-phone');

    // In English too.
    await page.goto(`${url}/signin`);
    await page.getByTestId('signin-already').waitFor();
    expect(await page.getByTestId('signin-already').innerText()).toContain('Ya iniciaste sesión como Ana Ciudadana');
    await page.getByTestId('lang-switch').click();
    expect(await page.locator('h1').innerText()).toBe('Sign in');
    expect(await page.getByTestId('signin-already').innerText()).toContain('You are signed in as Ana Ciudadana');
    await page.getByTestId('lang-switch').click();

    // Too many wrong passwords for one address: the page says how long to wait.
    const guesser = await person('Adivina');
    await guesser.page.goto(`${url}/signin`);
    let said = '';
    for (let attempt = 0; attempt < 8 && !said.startsWith('Demasiados'); attempt++) {
      // Sending clears the alert at once, so what it says next is this attempt's answer.
      await signIn(guesser.page, 'ana@ejemplo.mx', `intento ${attempt} equivocado`);
      await expect.poll(() => guesser.page.getByTestId('signin-alert').innerText(), WAIT).not.toBe('');
      said = await guesser.page.getByTestId('signin-alert').innerText();
    }
    expect(said).toMatch(/^Demasiados intentos seguidos\. Vuelve a intentarlo en \d+ (minutos|segundos)\.$/);

    expect([...ana.errors, ...other.errors, ...guesser.errors]).toEqual([]);
  });
});

describe('an invitation', () => {
  it('is made by an admin, accepted by a member in another browser, who then edits; it works once', async () => {
    const admin = await session.open('admin', 'Admin Uno', { viewport: { width: 1280, height: 800 } });
    const url = session.server.url;
    await admin.page.getByTestId('account-button').click();
    // Signed in by link: no password to change here.
    expect(await admin.page.getByTestId('account-change-password').count()).toBe(0);
    await admin.page.getByTestId('account-invite').click();
    await admin.page.getByTestId('invite-dialog').waitFor();
    expect(await focused(admin.page)).toBe('invite-role');
    await admin.page.getByTestId('invite-role').selectOption('member');
    await admin.page.getByTestId('invite-create-name').fill('Mara Miembro');
    await admin.page.getByTestId('invite-create-submit').click();
    const linkField = admin.page.getByTestId('invite-link');
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${url}/invite#code=.+`));
    expect(await focused(admin.page)).toBe('invite-link');
    await admin.page.getByTestId('invite-copy').click();
    await expect.poll(() => admin.page.getByTestId('invite-status').innerText(), WAIT).toMatch(/^(Enlace copiado\.|No se pudo copiar)/);
    await screenshot(admin.page, 'accounts-invite-dialog');
    await admin.page.keyboard.press('Escape');
    expect(await admin.page.getByTestId('invite-dialog').isVisible()).toBe(false);

    // The member, in another browser, on a phone.
    const mara = await person('Mara');
    await mara.page.goto(link);
    await mara.page.getByTestId('invite-summary').waitFor();
    expect(await mara.page.getByTestId('invite-summary').innerText()).toContain('Invitación para Mara Miembro, con el rol Comisión redactora.');
    expect(await mara.page.getByTestId('invite-name').inputValue()).toBe('Mara Miembro');
    expect(await focused(mara.page)).toBe('invite-name');
    expect(await sidewaysOverflow(mara.page)).toBe(0);
    await mara.page.getByTestId('invite-email').fill('mara@ejemplo.mx');
    await mara.page.getByTestId('invite-password').fill('la comisión redacta');
    await screenshot(mara.page, 'accounts-invite-phone');
    await mara.page.getByTestId('invite-submit').click();
    await mara.page.waitForURL(`${url}/`);
    await waitForEditor(mara.page);
    expect(await mara.page.getByTestId('app').getAttribute('data-can-edit')).toBe('true');
    expect(await mara.page.locator('.self-name').innerText()).toBe('Mara Miembro');

    // Her edit reaches the admin's page: the socket took her session cookie.
    await caretInFirstBlock(mara.page, 3);
    await mara.page.keyboard.type(' Redactado por Mara.');
    await expect.poll(() => admin.page.locator(ARTICLES).nth(2).innerText(), { timeout: 15_000 }).toContain('Redactado por Mara.');

    // The link works once.
    const late = await person('Tarde');
    await late.page.goto(link);
    await late.page.getByTestId('invite-refused').waitFor();
    expect(await late.page.getByTestId('invite-refused').innerText()).toContain('Esta invitación ya se usó.');

    expect([...admin.errors, ...mara.errors, ...late.errors]).toEqual([]);
  });
});
