/** `carta token --role R --name N`: prints a signed token alone on its first line, then a sign-in link. */
import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../../shared/auth/roles.ts';
import { DOC_ID_PATTERN } from '../../shared/protocol/collab.ts';
import { DEFAULT_TOKEN_DAYS, signInLink, tokenForUser } from '../auth/user-tokens.ts';
import { installationSecret } from '../carta-server.ts';
import { type CliContext, printedBaseUrl, UsageError } from './cli-context.ts';

export const tokenHelp = `carta token --role ${ROLES.join('|')} --name "Name" [--days ${DEFAULT_TOKEN_DAYS}] [--doc cdmx]

Prints a signed token for the named person (created on first use) on the first line, and a
sign-in link on the second. Members may edit; the other roles read.`;

export async function tokenCommand(args: string[], ctx: CliContext): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { role: { type: 'string' }, name: { type: 'string' }, days: { type: 'string' }, doc: { type: 'string' } },
    strict: true,
  });
  if (!values.role || !isRole(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const name = values.name?.trim();
  if (!name) throw new UsageError('--name is required (the person the token is for)');
  if (name.length > 120) throw new UsageError('--name is too long (120 characters at most)');
  const days = values.days === undefined ? DEFAULT_TOKEN_DAYS : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UsageError('--days must be a whole number of days from 1 to 3650');
  if (values.doc !== undefined && !DOC_ID_PATTERN.test(values.doc)) throw new UsageError('--doc must be a document id (lowercase letters, digits and dashes)');
  const store = ctx.store();
  const secret = await installationSecret(store);
  const { token } = await tokenForUser(store, secret, { name, role: values.role }, days);
  ctx.out(token);
  ctx.out(signInLink(printedBaseUrl(ctx.config), token, values.doc));
}
