/**
 * One server per data directory. Two processes writing the same update log would each append
 * history the other never sees and checkpoint without the other's edits, losing work. A lock file
 * holding the owner's pid keeps a second server out; a lock left by a process that no longer runs
 * (kill -9, power cut) is taken over. The command line only reads or appends rows in transactions
 * and does not take the lock.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of `dataDir`; returns the function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'carta.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && (owner === process.pid || isRunning(owner))) {
        throw new DataDirInUseError(`Another Carta server (pid ${owner}) is using ${dataDir}. Stop it first, or set CARTA_DATA_DIR to another directory.`);
      }
      // A stale lock from a process that is gone: take it over.
      unlinkSync(file);
    }
  }
  throw new DataDirInUseError(`Could not lock ${dataDir}`);
}
