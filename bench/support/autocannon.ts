/**
 * Throughput as autocannon measures it (the npm package, pure JavaScript), run in a process of its
 * own so that neither the server nor the benchmark process shares an event loop with the load: on
 * a two-core machine the server gets one core and autocannon the other.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

export interface LoadTest {
  url: string;
  connections: number;
  seconds: number;
  /** autocannon's worker threads (its --workers); 1 runs it on its main thread. */
  workers?: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  /** Mean of the per-second counts of answers. */
  requestsPerSecond: number;
  total: number;
  /** Latency under this load, in milliseconds. */
  latencyP50: number;
  latencyP99: number;
  /** Mean bytes received per second (bodies and headers). */
  bytesPerSecond: number;
  /** Answers outside 2xx, connection errors and timeouts: a run with any is not a clean figure. */
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** The part of `autocannon --json` this benchmark reads. */
const autocannonJson = z.object({
  requests: z.object({ average: z.number(), total: z.number() }),
  latency: z.object({ p50: z.number(), p99: z.number() }),
  throughput: z.object({ average: z.number() }),
  non2xx: z.number(),
  errors: z.number(),
  timeouts: z.number(),
});

export async function loadTest(test: LoadTest): Promise<LoadResult> {
  const cli = createRequire(import.meta.url).resolve('autocannon');
  const headerArgs = Object.entries(test.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}=${value}`]);
  const workerArgs = (test.workers ?? 1) > 1 ? ['--workers', String(test.workers)] : [];
  const args = [cli, '--json', '--connections', String(test.connections), '--duration', String(test.seconds), ...workerArgs, ...headerArgs, test.url];
  const { stdout } = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  const result = autocannonJson.parse(JSON.parse(stdout));
  return {
    requestsPerSecond: Math.round(result.requests.average),
    total: result.requests.total,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    bytesPerSecond: Math.round(result.throughput.average),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
