/**
 * Gives memory the daemon no longer uses back to the kernel (native/trim.c), for its resident size: osquery's
 * watchdog limits the worker's VmRSS, and issue #19 bounds it at 80 MB.
 * - After a tick that ran queries: malloc_trim(0). A query's burst (thousands of rows through SQLite and
 *   better-sqlite3, a file read) leaves megabytes of freed but resident chunks in glibc's heaps.
 * - At most every 10 s, then: also the clean pages of read-only file mappings (the node executable's text and
 *   read-only data, shared libraries). About half of the ~50 MB of node's pages that a worker maps are touched only
 *   at start-up; the pages stay in the page cache (shared with every node process), and one used again comes back
 *   by a minor fault, without I/O, so the process's working set is what stays resident.
 * A missing or older addon (without trimMemory) leaves the process as it is.
 */
import { optionalAddonExport } from '../engine/native.js';

type TrimMemory = (dropCleanFileMappings: boolean) => number;

/**
 * How often the clean file pages are dropped. A drop costs 2-17 ms (reading /proc/self/smaps) plus the minor faults
 * that map the worker's ~20 MB of hot pages back (fault-around maps 16 pages a fault). Side by side, every 10 s
 * showed no more CPU or minor faults than every 30 s, and a 3-5 MB lower peak; every 60 s left it ~8 MB higher.
 */
export const DROP_FILE_PAGES_EVERY_MS = 10_000;

let trimMemory: TrimMemory | null | undefined;
function native(): TrimMemory | null {
  if (trimMemory === undefined) trimMemory = optionalAddonExport<TrimMemory>('trimMemory') ?? null;
  return trimMemory;
}

export class MemoryTrim {
  readonly #now: () => number;
  readonly #dropEveryMs: number;
  #lastDropMs = -Infinity;

  constructor(options: { now?: () => number; dropEveryMs?: number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#dropEveryMs = options.dropEveryMs ?? DROP_FILE_PAGES_EVERY_MS;
  }

  /** After work that allocated (a tick that ran queries); returns the file-mapped bytes released, if any. */
  afterWork(): number {
    const trim = native();
    if (trim === null) return 0;
    const now = this.#now();
    const drop = now - this.#lastDropMs >= this.#dropEveryMs;
    if (drop) this.#lastDropMs = now;
    return trim(drop);
  }
}
