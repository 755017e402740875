/**
 * The inotify watches of the file publisher: which directory each watch descriptor stands for, recursive watching
 * below `%%` roots (new subdirectories included), and a bound on the count so a `%%` over a huge tree cannot exhaust
 * the kernel's fs.inotify.max_user_watches for the whole host.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../common/logger.js';
import type { Inotify } from './kernel/inotify.js';

export const MAX_WATCHES = 16_384;

export class WatchSet {
  readonly #inotify: Inotify;
  readonly #log: Logger;
  readonly #byWd = new Map<number, string>();
  readonly #byDir = new Map<string, number>();
  readonly #masks = new Map<string, number>();
  #limitReported = false;

  constructor(inotify: Inotify, log: Logger) {
    this.#inotify = inotify;
    this.#log = log;
  }

  get size(): number {
    return this.#byDir.size;
  }

  /** The directory (no trailing slash) a watch descriptor stands for. */
  directory(wd: number): string | undefined {
    return this.#byWd.get(wd);
  }

  directories(): string[] {
    return [...this.#byDir.keys()];
  }

  /** Watches `dir` (and, when recursive, every real directory below it, not following links); false on failure. */
  add(dir: string, mask: number, recursive: boolean, skip: (path: string) => boolean): boolean {
    const path = normalise(dir);
    if (skip(path)) return false;
    if (!this.#addOne(path, mask)) return false;
    if (recursive) {
      for (const child of subdirectories(path)) this.add(child, mask, true, skip);
    }
    return true;
  }

  /** The kernel dropped the watch (IN_IGNORED: the directory was deleted or unmounted). */
  forget(wd: number): void {
    const dir = this.#byWd.get(wd);
    this.#byWd.delete(wd);
    if (dir !== undefined && this.#byDir.get(dir) === wd) {
      this.#byDir.delete(dir);
      this.#masks.delete(dir);
    }
  }

  /** Stops watching directories not in `keep`. */
  retain(keep: ReadonlySet<string>): void {
    for (const [dir, wd] of [...this.#byDir]) {
      if (keep.has(dir)) continue;
      try {
        this.#inotify.removeWatch(wd);
      } catch (err) {
        this.#log.debug({ err, dir }, 'Watch already gone.');
      }
      this.forget(wd);
    }
  }

  #addOne(dir: string, mask: number): boolean {
    if (this.#masks.get(dir) === mask) return true;
    if (!this.#byDir.has(dir) && this.#byDir.size >= MAX_WATCHES) {
      if (!this.#limitReported) {
        this.#log.warn(
          { limit: MAX_WATCHES, dir },
          'File events watch limit reached; deeper directories are not watched.',
        );
        this.#limitReported = true;
      }
      return false;
    }
    try {
      const wd = this.#inotify.addWatch(dir, mask);
      this.#byWd.set(wd, dir);
      this.#byDir.set(dir, wd);
      this.#masks.set(dir, mask); // adding an existing directory again replaces its mask (a reconfigure)
      return true;
    } catch (err) {
      this.#log.debug({ err, dir }, 'Cannot watch a file_paths directory; it is skipped.');
      return false;
    }
  }
}

export function normalise(dir: string): string {
  return dir.length > 1 && dir.endsWith('/') ? dir.replace(/\/+$/, '') || '/' : dir;
}

function subdirectories(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (lstatSync(path).isDirectory()) out.push(path);
    } catch {
      // Removed while listing.
    }
  }
  return out;
}
