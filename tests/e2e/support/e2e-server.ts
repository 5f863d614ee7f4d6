/**
 * A real Carta server serving the real built client, for browser tests. The client is built first
 * if it is missing or stale (as `npm start` does).
 */
import { ensureClientBuilt } from '../../../server/build/client-build.ts';
import { DEFAULT_CLIENT_DIR, type RunningCarta, startCarta } from '../../../server/carta-server.ts';
import { tokenForUser, signInLink } from '../../../server/auth/user-tokens.ts';
import type { Role } from '../../../shared/auth/roles.ts';
import type { CollabLimits } from '../../../server/config.ts';
import { tempDataDir, testConfig } from '../../support/test-server.ts';
import { rmSync } from 'node:fs';

export interface E2EServer {
  carta: RunningCarta;
  url: string;
  /** A sign-in link for a new person with this role. */
  signIn(role: Role, name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a server on a fresh data directory; `limits` lowers the collaboration limits (e.g. the message cap). */
export async function startE2EServer(options: { limits?: Partial<CollabLimits> } = {}): Promise<E2EServer> {
  await ensureClientBuilt(() => {});
  const dataDir = tempDataDir();
  const carta = await startCarta(testConfig(dataDir, { limits: options.limits }), { log: () => {}, clientDir: DEFAULT_CLIENT_DIR });
  return {
    carta,
    url: carta.url,
    signIn: async (role, name) => signInLink(carta.url, (await tokenForUser(carta.store, carta.secret, { role, name })).token),
    stop: async () => {
      await carta.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
