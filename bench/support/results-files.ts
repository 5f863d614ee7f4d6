/** Writes a benchmark run to bench/results/: `<date>.json` with everything and `<date>.md` as a table. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Figure, meetsTarget, type WorkloadResult } from './bench-result.ts';

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export interface BenchRun {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  results: WorkloadResult[];
}

export function machineDescription(): BenchRun['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

function targetText(figure: Figure): string {
  const { target } = figure;
  if (!target) return '';
  const parts = [target.max !== undefined ? `≤ ${target.max}` : '', target.min !== undefined ? `≥ ${target.min}` : ''].filter(Boolean);
  return `${parts.join(' and ')} ${figure.unit} ${meetsTarget(figure) ? 'met' : '**missed**'}`;
}

export function markdownOf(run: BenchRun): string {
  const lines = [`# Benchmark run ${run.startedAt}`, '', `${run.machine.cpus} × ${run.machine.cpuModel}, ${run.machine.memoryGiB} GiB, Node ${run.machine.node}, ${run.machine.platform}`, ''];
  for (const result of run.results) {
    lines.push(`## ${result.workload}`, '', result.description, '');
    lines.push(`Setup: ${Object.entries(result.setup).map(([k, v]) => `${k} ${v}`).join(', ')}`, '');
    lines.push('| figure | value | target |', '| --- | --- | --- |');
    for (const figure of result.figures) lines.push(`| ${figure.name} | ${figure.value} ${figure.unit} | ${targetText(figure)} |`);
    if (result.distributions) {
      lines.push('', '| latency (ms) | n | p50 | p95 | p99 | max |', '| --- | --- | --- | --- | --- | --- |');
      for (const [name, d] of Object.entries(result.distributions)) lines.push(`| ${name} | ${d.count} | ${d.p50} | ${d.p95} | ${d.p99} | ${d.max} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Writes the run; returns the paths written. */
export function writeRun(run: BenchRun): { json: string; markdown: string } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = run.startedAt.replace(/[:]/g, '-').replace(/\..*$/, '');
  const json = path.join(RESULTS_DIR, `${stamp}.json`);
  const markdown = path.join(RESULTS_DIR, `${stamp}.md`);
  writeFileSync(json, `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(markdown, `${markdownOf(run)}\n`);
  return { json, markdown };
}
