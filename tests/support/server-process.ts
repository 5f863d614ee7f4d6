/**
 * A Carta server in its own process, for tests that kill it (kill -9) or restart it. Configured by
 * the environment like `npm start`; prints "READY <url>" once listening.
 */
import { startCarta } from '../../server/carta-server.ts';
import { configFromEnv } from '../../server/config.ts';

const carta = await startCarta(configFromEnv(), { log: (m) => process.stderr.write(`${m}\n`) });
process.stdout.write(`READY ${carta.url}\n`);
process.on('SIGTERM', () => {
  void carta.close().then(() => process.exit(0));
});
