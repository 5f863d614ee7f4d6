/**
 * Carta as the benchmarks meet it: `server/main.ts` (what `npm start` runs) in its own process, on
 * a loopback port the system picks, with a data directory of the benchmark's own. The benchmark
 * process only sends load, so the server's figures are not mixed with the client's work.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

export interface CartaProcess {
  url: string;
  process: ChildProcess;
  /** SIGTERM, then wait for the process to write its checkpoints and exit. */
  stop(): Promise<void>;
}

/** The environment a Carta process of this benchmark runs with. */
function cartaEnv(dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, CARTA_DATA_DIR: dataDir, PORT: '0', CARTA_HOST: '127.0.0.1', ...extra };
}

export async function startCarta(dataDir: string, extraEnv: Record<string, string> = {}): Promise<CartaProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: cartaEnv(dataDir, extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`Carta did not start within 120 s:\n${stdout}${output.join('')}`)), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Carta is running at (\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Carta exited with ${code} while starting:\n${stdout}${output.join('')}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    process: child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A token for a person of `role`, from the CLI (`npm run carta -- token`), against `dataDir`. */
export async function cartaToken(dataDir: string, role: string, name: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli/carta.ts', 'token', '--role', role, '--name', name], {
    cwd: ROOT,
    env: cartaEnv(dataDir, {}),
  });
  const token = stdout.split('\n')[0]?.trim();
  if (!token) throw new Error(`the token command printed nothing for ${role}`);
  return token;
}
