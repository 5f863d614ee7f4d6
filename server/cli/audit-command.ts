/**
 * `carta audit head | verify | export`: the tamper-evident audit log from the command line. All
 * three only read, so they work while the server runs.
 */
import { parseArgs } from 'node:util';
import { exportAuditBundle } from '../audit/audit-bundle.ts';
import { type NotedHead, verifyAuditChain } from '../audit/verify-audit-chain.ts';
import { type CliContext, UsageError } from './cli-context.ts';
import { NO_PROGRESS, progressBar } from './progress-bar.ts';

export const auditHelp = `carta audit head
carta audit verify [--noted COUNT:HASH] [--progress]
carta audit export DIR [--progress]

head     prints the number of audit events and the head hash (what the footer shows; note them to
         check later that nothing before them was rewritten).
verify   recomputes the SHA-256 chain of every event and the hash of every logged update, and names
         the first bad record. --noted COUNT:HASH also checks that the chain still passes through a
         head noted earlier. Exit code 0: intact; 1: broken.
export   writes a bundle into the new or empty folder DIR: manifest.json, events.jsonl (one event a
         line) and updates.bin (the update bytes). Check it without the database with
           node verifier/verify-bundle.mjs DIR [--noted COUNT:HASH]
         (the history page downloads the same bundle as carta-audit-COUNT.tar, which the
         verifier reads as it is).
A progress bar is drawn on stderr when it is a terminal (--progress draws it anyway).`;

function parseNoted(value: string | undefined): NotedHead | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+):([0-9a-fA-F]{64})$/.exec(value);
  if (!match?.[1] || !match[2]) throw new UsageError('--noted takes COUNT:HASH (the event count and the 64-hex-digit head hash)');
  return { count: Number(match[1]), hash: match[2].toLowerCase() };
}

export async function auditCommand(args: string[], ctx: CliContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { noted: { type: 'string' }, progress: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const [sub, ...rest] = positionals;
  const bar = (total: number, unit: string) => (values.progress || process.stderr.isTTY ? progressBar(total, unit, (text) => process.stderr.write(text)) : NO_PROGRESS);
  const store = ctx.store();
  if (sub === 'head' && rest.length === 0) {
    const head = await store.auditHead();
    ctx.out(`${head.count} events, head ${head.hash}`);
    return;
  }
  if (sub === 'verify' && rest.length === 0) {
    const noted = parseNoted(values.noted);
    const started = performance.now();
    const progress = bar((await store.auditHead()).count, 'events');
    const verdict = await verifyAuditChain(store, { ...(noted ? { noted } : {}), onProgress: (done) => progress.update(done) });
    progress.finish();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (verdict.ok) {
      ctx.out(`intact: ${verdict.count} events, head ${verdict.head} (checked in ${seconds} s)`);
      return;
    }
    const { id, subject, reason } = verdict.problem;
    ctx.out(`BROKEN at ${id === null ? '' : `event ${id} `}(${subject}): ${reason}`);
    ctx.out(`${verdict.checked} events before it are intact.`);
    throw new Error('the audit chain does not verify');
  }
  if (sub === 'export' && rest.length === 1 && rest[0]) {
    if (values.noted !== undefined) throw new UsageError('--noted is for "audit verify"');
    const progress = bar((await store.auditHead()).count, 'events');
    const manifest = await exportAuditBundle(store, rest[0], (done) => progress.update(done));
    progress.finish();
    ctx.out(`wrote ${manifest.count} events (head ${manifest.head}) to ${rest[0]}`);
    return;
  }
  throw new UsageError(sub === undefined ? 'say head, verify or export' : `unknown or incomplete audit command "${positionals.join(' ')}"`);
}
