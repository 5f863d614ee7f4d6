/**
 * `carta audit head | verify | export`: the tamper-evident audit log from the command line. All
 * three only read, so they work while the server runs.
 */
import { parseArgs } from 'node:util';
import { problemPlace } from '../../verifier/audit-chain.mjs';
import { exportAuditBundle } from '../audit/audit-bundle.ts';
import { type NotedHead, verifyAuditChain } from '../audit/verify-audit-chain.ts';
import { type CliContext, UsageError } from './cli-context.ts';
import { NO_PROGRESS, progressBar } from './progress-bar.ts';

const PROGRESS_NOTE = 'A progress bar is drawn on stderr when it is a terminal (--progress draws it anyway).';

/** Each subcommand's own help, printed by `carta audit SUB --help`. */
const SUBCOMMAND_HELP = {
  head: `carta audit head

Prints the number of audit events and the head hash (what the footer shows; note them to check
later that nothing before them was rewritten).`,
  verify: `carta audit verify [--noted COUNT:HASH] [--progress]

Recomputes the SHA-256 chain of every event and the hash of every logged update, checks that the
rows history is read from are the ones the events recorded (who each update is credited to and
when; versions; provenance links and their retirements; comments, flags, moderation and
addressing; users; documents), and names the first bad record. --noted COUNT:HASH also checks
that the chain still passes through a head noted earlier. Exit code 0: intact; 1: broken.
${PROGRESS_NOTE}`,
  export: `carta audit export DIR [--progress]

Writes a bundle into the new or empty folder DIR (created if missing): manifest.json,
events.jsonl (one event a line, with the log's stamps on each update), rows.jsonl (the rows
history is read from) and updates.bin (the update bytes). Check it without the database with
  node verifier/verify-bundle.mjs DIR [--noted COUNT:HASH]
(the history page downloads the same bundle as carta-audit-COUNT.tar, which the verifier reads
as it is). ${PROGRESS_NOTE}`,
} as const;

type Subcommand = keyof typeof SUBCOMMAND_HELP;

function isSubcommand(name: string | undefined): name is Subcommand {
  return name !== undefined && Object.hasOwn(SUBCOMMAND_HELP, name);
}

export const auditHelp = `carta audit head
carta audit verify [--noted COUNT:HASH] [--progress]
carta audit export DIR [--progress]

head     prints the number of audit events and the head hash.
verify   recomputes the chain and checks the rows history is read from; names the first bad record.
export   writes a bundle for the standalone verifier into the new or empty folder DIR.
Run "carta audit SUBCOMMAND --help" for one of them in full.`;

/** The help for these arguments: the subcommand's own when one is named, else the whole command's. */
export function auditHelpFor(args: readonly string[]): string {
  const sub = args.find((arg) => !arg.startsWith('-'));
  return isSubcommand(sub) ? SUBCOMMAND_HELP[sub] : auditHelp;
}

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
  if (sub === undefined) throw new UsageError('say head, verify or export');
  if (!isSubcommand(sub)) throw new UsageError(`there is no audit command "${sub}"; say head, verify or export`);
  if (sub === 'export' && rest.length === 0) throw new UsageError('audit export needs the folder to write the bundle into: carta audit export DIR');
  const expected = sub === 'export' ? 1 : 0;
  if (rest.length > expected) throw new UsageError(`audit ${sub} takes ${expected === 0 ? 'no folder or other word' : 'one folder'}; "${rest.slice(expected).join(' ')}" is extra`);
  if (sub !== 'verify' && values.noted !== undefined) throw new UsageError('--noted is for "audit verify"');
  const bar = (total: number, unit: string) => (values.progress || process.stderr.isTTY ? progressBar(total, unit, (text) => process.stderr.write(text)) : NO_PROGRESS);
  const store = ctx.store();
  if (sub === 'head') {
    const head = await store.auditHead();
    ctx.out(`${head.count} events, head ${head.hash}`);
    return;
  }
  if (sub === 'verify') {
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
    const place = problemPlace(verdict.problem);
    ctx.out(`BROKEN${place ? ` at ${place}` : ''}: ${verdict.problem.reason}`);
    if (verdict.problem.id !== null) ctx.out(verdict.checked === 1 ? '1 event before it is intact.' : `${verdict.checked} events before it are intact.`);
    else if (place) ctx.out(`The ${verdict.checked} events are chained correctly; ${place} does not match them.`);
    else ctx.out(`The ${verdict.checked} events it holds are chained correctly.`);
    throw new Error('the audit chain does not verify');
  }
  const [dir] = rest;
  if (dir === undefined) throw new UsageError('audit export needs the folder to write the bundle into: carta audit export DIR');
  const progress = bar((await store.auditHead()).count, 'events');
  const manifest = await exportAuditBundle(store, dir, (done) => progress.update(done));
  progress.finish();
  ctx.out(`wrote ${manifest.count} events (head ${manifest.head}) to ${dir}`);
}
