/**
 * `carta user invite --role R [--name N] [--email E]`: an invitation link for a member, auditor or
 * admin, printed alone on the first line (absolute, from CARTA_PUBLIC_URL or host and port, as the
 * token command's links), then when it expires. The person who runs the command is the
 * installation's operator, so the audit event's actor is `system`.
 */
import { parseArgs } from 'node:util';
import { INVITED_ROLES, invitationPath, isInvitedRole } from '../../shared/auth/account-types.ts';
import { emailField, nameField } from '../auth/account-fields.ts';
import { Accounts, INVITATION_DAYS } from '../auth/accounts.ts';
import { SignInThrottle } from '../auth/sign-in-throttle.ts';
import { installationSecret } from '../carta-server.ts';
import { type CliContext, printedBaseUrl, UsageError } from './cli-context.ts';

export const userHelp = `carta user invite --role ${INVITED_ROLES.join('|')} [--name "Name"] [--email address]

Prints an invitation link alone on the first line, then when it expires (${INVITATION_DAYS} days).
Whoever opens it chooses an email address and a password and joins with the role: members edit
the draft, auditors read everything including the audit log, admins run the process. Each link
works once. Citizens need no invitation: they sign up by themselves.`;

export async function userCommand(args: string[], ctx: CliContext): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'invite') throw new UsageError(action ? `unknown action "${action}" (only "invite")` : 'say what to do: invite');
  const { values } = parseArgs({ args: rest, options: { role: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } }, strict: true });
  if (!isInvitedRole(values.role)) throw new UsageError(`--role must be one of ${INVITED_ROLES.join(', ')}`);
  const name = values.name === undefined ? null : nameField.safeParse(values.name);
  if (name && !name.success) throw new UsageError(`--name: ${name.error.issues[0]?.message ?? 'not a name'}`);
  const email = values.email === undefined ? null : emailField.safeParse(values.email);
  if (email && !email.success) throw new UsageError(`--email: ${email.error.issues[0]?.message ?? 'not an email address'}`);
  const store = ctx.store();
  const secret = await installationSecret(store);
  const accounts = new Accounts({ accounts: store.accounts, secret, sessionDays: ctx.config.accounts.sessionDays, throttle: new SignInThrottle(ctx.config.accounts.signIn, Date.now), now: Date.now });
  const invitation = await accounts.createInvitation('system', { role: values.role, name: name?.data ?? null, email: email?.data ?? null });
  ctx.out(`${printedBaseUrl(ctx.config).replace(/\/$/, '')}${invitationPath(invitation.code)}`);
  ctx.out(`expires ${new Date(invitation.expiresAt).toISOString()} (a ${invitation.role} invitation, ${invitation.id})`);
}
