/**
 * Makes the filesystem logger's writes idempotent across `kill -9`: after every flushed append it records each log
 * file's size and the last queue seq written, atomically (temp file, fsync, rename). On start a file longer than
 * recorded has an unacknowledged tail, which is cut off (those seqs are delivered again); records at or below the
 * recorded seq are skipped when delivered again. A file shorter than recorded was rotated, and is taken as it is.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { mkdirPrivate } from '../../common/paths.js';

export interface WriterState {
  lastSeq: number;
  sizes: Record<string, number>;
}

export class StateFile {
  readonly #path: string;

  constructor(stateDir: string) {
    mkdirPrivate(stateDir);
    this.#path = join(stateDir, 'filesystem-logger.json');
  }

  /** Loads the state and reconciles the log files with it (truncating unacknowledged tails). */
  recover(files: readonly string[]): WriterState {
    const state = this.#read();
    const fresh = state === undefined;
    const out: WriterState = state ?? { lastSeq: 0, sizes: {} };
    for (const file of files) {
      const actual = sizeOf(file);
      const recorded = out.sizes[file];
      if (fresh || recorded === undefined) out.sizes[file] = actual;
      else if (actual > recorded) truncateSync(file, recorded);
      else out.sizes[file] = actual;
    }
    this.save(out);
    return out;
  }

  save(state: WriterState): void {
    const tmp = `${this.#path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.#path);
  }

  #read(): WriterState | undefined {
    if (!existsSync(this.#path)) return undefined;
    try {
      const parsed = JSON.parse(readFileSync(this.#path, 'utf8')) as WriterState;
      if (typeof parsed.lastSeq === 'number' && parsed.sizes && typeof parsed.sizes === 'object') return parsed;
    } catch {
      // A torn state file cannot happen with rename; treat anything unreadable as no state.
    }
    return undefined;
  }
}

export function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
