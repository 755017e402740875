/**
 * Progress for long work (shipping a large file, es-setup, packaging, bench runs), drawn by cli-progress on a
 * terminal only: with stderr not a TTY (pipes, CI, systemd, tests) or with --quiet, every call is a no-op, so callers
 * report unconditionally and logs stay free of bar redraws.
 */
import cliProgress from 'cli-progress';

export interface ProgressOptions {
  /** What is being done, shown first (`eve.json`, `templates`). */
  readonly label: string;
  readonly total: number;
  /** Bytes are shown as 12.3 MiB of 1.2 GiB; items as 3/10. */
  readonly unit: 'bytes' | 'items';
  readonly quiet?: boolean;
  /** stderr by default: stdout stays the command's output. */
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface Progress {
  /** `done` of the total so far; `note` is free text after the figures (`81,000 records, 9,400 records/s`). */
  update(done: number, note?: string): void;
  /** Draws the last state and leaves the line on the screen. */
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet === true || stream.isTTY !== true) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${options.label} [{bar}] {percentage}% | {figures}{note}`,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const figures = (done: number): string =>
    options.unit === 'bytes' ? `${formatBytes(done)} of ${formatBytes(options.total)}` : `${done}/${options.total}`;
  bar.start(Math.max(options.total, 1), 0, { figures: figures(0), note: '' });
  let stopped = false;
  return {
    update(done, note) {
      if (!stopped)
        bar.update(Math.min(done, Math.max(options.total, 1)), {
          figures: figures(done),
          note: note ? ` | ${note}` : '',
        });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit] ?? ''}`;
}

/** `count` over the time since `startedMs`, as `9,400 <what>/s` (whole numbers: a display, not a measurement). */
export function ratePerSecond(count: number, startedMs: number, what: string, nowMs = Date.now()): string {
  const seconds = Math.max((nowMs - startedMs) / 1000, 0.001);
  return `${Math.round(count / seconds).toLocaleString('en-US')} ${what}/s`;
}
