/**
 * `npm start`: builds the client if needed, opens (or creates) the data directory, seeds the Mexico
 * City constitution on first start, and serves everything on one port. Prints the URL and a sign-in
 * link for a commission member.
 */
import { signInLink, tokenForUser } from './auth/user-tokens.ts';
import { ensureClientBuilt } from './build/client-build.ts';
import { startCarta } from './carta-server.ts';
import { configFromEnv } from './config.ts';
import { FIRST_MEMBER } from './documents/system-users.ts';

const log = (message: string): void => console.log(`[carta] ${message}`);

async function main(): Promise<void> {
  const started = performance.now();
  const config = configFromEnv();
  await ensureClientBuilt(log);
  const carta = await startCarta(config, { log });
  if (carta.seeded) {
    log(`first start: created the database in ${config.dataDir} and loaded "${carta.seeded.title}"` +
      (carta.seeded.problems > 0 ? ` (${carta.seeded.problems} import notes; see \`npm run carta -- import markdown --check fixtures/constitucion_cdmx.md\`)` : ''));
  }
  const { token, user } = await tokenForUser(carta.store, carta.secret, FIRST_MEMBER);
  console.log('');
  console.log(`Carta is running at ${carta.url}  (data: ${config.dataDir}, ready in ${Math.round(performance.now() - started)} ms)`);
  console.log(`Sign in as "${user.name}" (commission member):`);
  console.log(`  ${signInLink(carta.url, token)}`);
  console.log('More people: npm run carta -- token --role member|citizen|auditor|admin --name "Name"  (admin: imports sources, sets thresholds)');
  console.log('');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: closing connections and writing checkpoints…`);
    carta.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`[carta] could not start: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.stack && process.env.CARTA_DEBUG) console.error(error.stack);
  process.exit(1);
});
