/**
 * Throughput as wrk measures it, when Debian's `wrk` is installed (`apt-get install wrk`): a C
 * client that counts bodies without reading them into strings, so on a two-core machine it leaves
 * the server the core autocannon would take. Null when wrk is not on the PATH: the figure is then
 * left out, and autocannon's stands alone.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WrkTest {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}

export interface WrkResult {
  requestsPerSecond: number;
  total: number;
  latencyP50: number;
  latencyP99: number;
  /** Answers outside 2xx/3xx and socket errors (connect, read, write, timeout). */
  failures: number;
}

/** A latency as wrk prints it ("812.00us", "15.53ms", "1.20s"), in milliseconds. */
function milliseconds(text: string | undefined): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text ?? '');
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

function isMissingCommand(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

export async function wrkLoadTest(test: WrkTest): Promise<WrkResult | null> {
  const headerArgs = Object.entries(test.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  let stdout: string;
  try {
    ({ stdout } = await run('wrk', ['--threads', '1', '--connections', String(test.connections), '--duration', `${test.seconds}s`, '--latency', ...headerArgs, test.url]));
  } catch (error) {
    if (isMissingCommand(error)) return null;
    throw error;
  }
  const number = (pattern: RegExp): number => Number(pattern.exec(stdout)?.[1] ?? Number.NaN);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const failures = (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) + (number(/Non-2xx or 3xx responses: (\d+)/) || 0);
  return {
    requestsPerSecond: Math.round(number(/Requests\/sec:\s+([\d.]+)/)),
    total: number(/(\d+) requests in/),
    latencyP50: milliseconds(/\s50%\s+(\S+)/.exec(stdout)?.[1]),
    latencyP99: milliseconds(/\s99%\s+(\S+)/.exec(stdout)?.[1]),
    failures,
  };
}
