/**
 * The processor time a process has used so far (user + system, all its threads), read from Linux's
 * /proc: how much of a core the server spent on a load, whatever else the machine was running. Null
 * where there is no /proc (the figure is then left out).
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times: 100 on every Linux this runs on (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

export function processCpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // Not Linux, or the process is gone: the caller reports no figure rather than a wrong one.
    return null;
  }
  // Fields after the command name (which may hold spaces, so it is skipped up to its closing parenthesis).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) return null;
  return ((user + system) * 1000) / TICKS_PER_SECOND;
}
