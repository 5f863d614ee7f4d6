/**
 * `npm run bench [-- WORKLOAD …] [--quick] [--keep]`: runs the benchmark workloads (all by default), one
 * after another on this machine, and writes bench/results/<time>.json and .md. Benchmarks are not
 * tests: they measure and report, and exit with 1 only when a workload could not run. Figures that
 * miss their targets are marked in the table. See docs/benchmarks.md.
 */
import type { WorkloadResult } from './support/bench-result.ts';
import { meetsTarget } from './support/bench-result.ts';
import { machineDescription, markdownOf, writeRun } from './support/results-files.ts';
import { HISTORY_DEFAULTS, historyWorkload } from './workloads/history.ts';
import { PARTICIPATION_DEFAULTS, participationWorkload } from './workloads/participation.ts';
import { PROVENANCE_DEFAULTS, provenanceWorkload } from './workloads/provenance.ts';

const log = (message: string): void => console.error(`[bench] ${message}`);

interface Workload {
  description: string;
  run: (options: { quick: boolean; keepData: boolean }) => Promise<WorkloadResult>;
}

const WORKLOADS: Record<string, Workload> = {
  provenance: {
    description: '10,000 sources and 100,000 links: CSV import, article and source traces, search, public reports',
    run: ({ quick, keepData }) => provenanceWorkload({ ...PROVENANCE_DEFAULTS, ...(quick ? { sources: 1_000, links: 10_000, requests: 200 } : {}), keepData, log }),
  },
  history: {
    description: 'the automerge-paper trace in the log: open a version, diff two versions, audit verify of 1,000,000 events',
    run: ({ quick, keepData }) => historyWorkload({ ...HISTORY_DEFAULTS, ...(quick ? { keystrokes: 25_000, auditEvents: 100_000, requests: 20 } : {}), keepData, log }),
  },
  participation: {
    description: 'an article with 5,000 comments (first page); the reading room of the whole constitution: server time and autocannon throughput',
    run: ({ quick, keepData }) =>
      participationWorkload({
        ...PARTICIPATION_DEFAULTS,
        ...(quick ? { comments: 500, replies: 100, elsewhere: 200, citizens: 50, requests: 50, changes: 20, seconds: 2 } : {}),
        keepData,
        log,
      }),
  },
};

const USAGE = `npm run bench [-- WORKLOAD …] [--quick] [--keep]

Workloads (all when none is named):
${Object.entries(WORKLOADS).map(([name, w]) => `  ${name.padEnd(14)} ${w.description}`).join('\n')}

--quick   a tenth of the sizes, to check that the benchmark runs (figures are not comparable)
--keep    keep each workload's data directory (its path is printed) to look into afterwards
Results: bench/results/<time>.json and .md (docs/benchmarks.md explains each figure).`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const quick = args.includes('--quick');
  const keepData = args.includes('--keep');
  const named = args.filter((a) => !a.startsWith('--'));
  const unknown = named.filter((name) => !(name in WORKLOADS));
  const badFlags = args.filter((a) => a.startsWith('--') && a !== '--quick' && a !== '--keep');
  if (unknown.length > 0 || badFlags.length > 0) {
    console.error(`Unknown ${unknown.length > 0 ? `workload(s): ${unknown.join(', ')}` : `option(s): ${badFlags.join(', ')}`}\n\n${USAGE}`);
    return 2;
  }
  const chosen = named.length > 0 ? named : Object.keys(WORKLOADS);
  const run = { startedAt: new Date().toISOString(), machine: machineDescription(), results: [] as WorkloadResult[] };
  let failed = false;
  for (const name of chosen) {
    const workload = WORKLOADS[name];
    if (!workload) continue;
    log(`${name}: ${workload.description}${quick ? ' (quick)' : ''}`);
    try {
      run.results.push(await workload.run({ quick, keepData }));
    } catch (error) {
      failed = true;
      log(`${name} could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  if (run.results.length > 0) {
    const written = writeRun(run);
    console.log(markdownOf(run));
    const missed = run.results.flatMap((r) => r.figures.filter((f) => !meetsTarget(f)).map((f) => `${r.workload}: ${f.name}`));
    log(`wrote ${written.json} and ${written.markdown}`);
    if (missed.length > 0) log(`targets missed: ${missed.join('; ')}`);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
