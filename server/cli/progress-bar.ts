/**
 * A one-line progress bar on stderr for long CLI work. It redraws in place (carriage return), at most
 * every 100 ms, so it costs nothing next to the work; stdout stays clean for the summary line and
 * for scripts that read it.
 */
export interface ProgressBar {
  update(done: number): void;
  /** Draws the final state and ends the line. */
  finish(): void;
}

const WIDTH = 30;
const REDRAW_MS = 100;

/** A bar for `total` units of `unit`, written with `write` (process.stderr.write when drawing to a terminal). */
export function progressBar(total: number, unit: string, write: (text: string) => void): ProgressBar {
  let last = 0;
  let done = 0;
  const draw = (): void => {
    const fraction = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(fraction * WIDTH);
    write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${unit}`);
  };
  return {
    update(value) {
      done = value;
      const now = Date.now();
      if (now - last < REDRAW_MS) return;
      last = now;
      draw();
    },
    finish() {
      done = total;
      draw();
      write('\n');
    },
  };
}

/** A bar that draws nothing (stderr is not a terminal and no bar was asked for). */
export const NO_PROGRESS: ProgressBar = { update: () => {}, finish: () => {} };
