/**
 * The main thread's handle on the checking thread: sends batches of updates to be checked against
 * the shadow documents, enforces the time budget (a check that overruns kills and restarts the
 * thread, and the batch is refused), and restarts the thread after a crash (for instance when a
 * crafted update exceeds the memory budget). Shadows are reloaded lazily from the live documents.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromCheckWorker, ToCheckWorker, UpdateToCheck } from './check-protocol.ts';
import type { Verdict } from './verdict.ts';

export interface UpdateCheckerOptions {
  timeoutMs: number;
  memoryMb: number;
  log?: (message: string) => void;
}

export interface CheckResult {
  verdicts: Verdict[];
  /** The shadow took a refused update partway; it will be reloaded before the next check. */
  dirty: boolean;
}

interface Waiting {
  resolve: (message: FromCheckWorker) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Thrown to callers whose request was cut short by the time or memory budget. */
export class CheckBudgetError extends Error {
  override name = 'CheckBudgetError';
}

/** The ESM entry of tsx's register API (resolved through its package exports, from any caller). */
function tsxRegisterUrl(from: string): string {
  const packageJson = createRequire(from).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const entry = manifest.exports['./esm/api']?.import.default;
  if (!entry) throw new Error('tsx does not export ./esm/api');
  return pathToFileURL(path.join(path.dirname(packageJson), entry)).href;
}

function startWorker(memoryMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 };
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Running from TypeScript sources (tsx, vitest): register tsx inside the thread first.
    const tsxApi = tsxRegisterUrl(here);
    const entry = new URL('./check-worker.ts', here).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { eval: true, resourceLimits });
  }
  return new Worker(new URL('./check-worker.js', here), { resourceLimits });
}

export class UpdateChecker {
  private worker: Worker | null = null;
  private readonly loaded = new Set<string>();
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closed = false;
  /** Resolves when the current thread has booted; budgets start counting only then. */
  private ready: Promise<void> = Promise.resolve();

  constructor(private readonly options: UpdateCheckerOptions) {}

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.options.memoryMb);
    let markReady: () => void = () => {};
    this.ready = new Promise<void>((resolve) => {
      markReady = resolve;
    });
    worker.on('message', (message: FromCheckWorker) => {
      if (message.type === 'ready') {
        markReady();
        return;
      }
      const waiting = this.waiting.get(message.id);
      if (!waiting) return;
      clearTimeout(waiting.timer);
      this.waiting.delete(message.id);
      waiting.resolve(message);
    });
    worker.on('error', (error) => {
      markReady();
      this.options.log?.(`update checker thread failed: ${error.message}`);
      this.reset(worker, new CheckBudgetError(`checker thread failed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      markReady();
      if (this.worker === worker && !this.closed) {
        this.options.log?.(`update checker thread exited with code ${code}; restarting on next use`);
        this.reset(worker, new CheckBudgetError(`checker thread exited (${code})`));
      }
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Forget the thread and every shadow it held; fail whatever was waiting on it. */
  private reset(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.loaded.clear();
    for (const [id, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
      this.waiting.delete(id);
    }
    void worker.terminate();
  }

  private post(message: ToCheckWorker): void {
    this.ensureWorker().postMessage(message);
  }

  private async request(message: ToCheckWorker & { id: number }, timeoutMs: number): Promise<FromCheckWorker> {
    const worker = this.ensureWorker();
    worker.postMessage(message);
    // Booting the thread (loading modules) is not the update's cost: wait for it before timing.
    await this.ready;
    if (this.worker !== worker) throw new CheckBudgetError('checker thread failed while starting');
    return new Promise<FromCheckWorker>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.options.log?.(`update check ${message.type} for "${'docId' in message ? message.docId : ''}" exceeded ${timeoutMs} ms; restarting the checker`);
        this.reset(worker, new CheckBudgetError(`check exceeded its ${timeoutMs} ms budget`));
      }, timeoutMs);
      this.waiting.set(message.id, { resolve, reject, timer });
    });
  }

  /** Starts the checking thread now, so the first edit does not wait for it to boot. */
  warmUp(): void {
    if (!this.closed) this.ensureWorker();
  }

  /**
   * Checks `updates` in order against the shadow of `docId`, loading the shadow from
   * `currentState()` first when the thread does not hold it. Never throws: a budget overrun refuses
   * the whole batch with reason `budget-exceeded`.
   */
  async check(docId: string, updates: UpdateToCheck[], currentState: () => Uint8Array): Promise<CheckResult> {
    if (this.closed) throw new Error('update checker is closed');
    try {
      if (!this.loaded.has(docId)) {
        this.post({ type: 'load', docId, state: currentState() });
        this.loaded.add(docId);
      }
      const reply = await this.request({ type: 'check', id: this.nextId++, docId, updates }, this.options.timeoutMs);
      if (reply.type !== 'verdicts') throw new Error('unexpected reply from checker');
      if (reply.dirty) this.loaded.delete(docId);
      return { verdicts: reply.verdicts, dirty: reply.dirty };
    } catch (error) {
      if (!(error instanceof CheckBudgetError)) throw error;
      return {
        verdicts: updates.map(() => ({ ok: false, reason: 'budget-exceeded', detail: error.message })),
        dirty: true,
      };
    }
  }

  /** A verified encoded state of the shadow (equal to the live document between batches). */
  async checkpoint(docId: string, currentState: () => Uint8Array): Promise<Uint8Array> {
    if (!this.loaded.has(docId)) {
      this.post({ type: 'load', docId, state: currentState() });
      this.loaded.add(docId);
    }
    const reply = await this.request({ type: 'checkpoint', id: this.nextId++, docId }, Math.max(60_000, this.options.timeoutMs));
    if (reply.type !== 'checkpoint' || !reply.state) throw new Error(reply.type === 'checkpoint' ? (reply.error ?? 'checkpoint failed') : 'unexpected reply');
    return reply.state;
  }

  /** The live document changed without the shadow (for example a failed commit): reload it next time. */
  invalidate(docId: string): void {
    this.loaded.delete(docId);
  }

  /** The document was unloaded: free its shadow. */
  drop(docId: string): void {
    if (!this.loaded.delete(docId) || !this.worker) return;
    this.worker.postMessage({ type: 'drop', docId } satisfies ToCheckWorker);
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    for (const waiting of this.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error('update checker closed'));
    }
    this.waiting.clear();
    if (worker) await worker.terminate();
  }
}
