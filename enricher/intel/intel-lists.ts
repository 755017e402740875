/**
 * Local threat-intelligence lists: files of bad hashes, IP addresses and domains, one per line, `#` starts a comment.
 * Reloaded when a file changes: fs.watch on the file's directory (so an editor's or a deploy tool's
 * write-then-rename is seen) plus a periodic mtime/size/inode check for file systems where watching is unreliable.
 * A missing or unreadable file counts as empty and is retried; lines that are not a hash / IP / domain are skipped
 * and reported by line number.
 */
import { EventEmitter } from 'node:events';
import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { isIP } from 'node:net';
import { basename, dirname } from 'node:path';
import type { Logger } from '../../common/logger.js';

export type IntelKind = 'hashes' | 'ips' | 'domains';

export interface IntelFiles {
  hashes: readonly string[];
  ips: readonly string[];
  domains: readonly string[];
}

interface LoadedFile {
  kind: IntelKind;
  path: string;
  /** mtime, size and inode: a change to any means the file was rewritten. */
  version: string;
  values: Set<string>;
}

const VALIDATORS: Record<IntelKind, (value: string) => boolean> = {
  hashes: (v) => /^[0-9a-f]{32}$|^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(v),
  ips: (v) => isIP(v) !== 0,
  domains: (v) =>
    /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(v),
};

export class IntelLists extends EventEmitter<{ reloaded: [string] }> {
  readonly #files: LoadedFile[];
  readonly #log: Logger;
  readonly #watchers: FSWatcher[] = [];
  #poll: NodeJS.Timeout | undefined;

  constructor(files: IntelFiles, log: Logger) {
    super();
    this.#log = log;
    this.#files = (['hashes', 'ips', 'domains'] as const).flatMap((kind) =>
      files[kind].map((path) => ({ kind, path, version: '', values: new Set<string>() })),
    );
    this.reloadIfChanged();
  }

  get size(): number {
    return this.#files.reduce((sum, f) => sum + f.values.size, 0);
  }

  /** The list (file name) holding `value` of that kind, or null. */
  lookup(kind: IntelKind, value: string): string | null {
    for (const file of this.#files) if (file.kind === kind && file.values.has(value)) return basename(file.path);
    return null;
  }

  /** Starts watching; `pollMs` is the fallback mtime check. */
  watch(pollMs: number): void {
    for (const dir of new Set(this.#files.map((f) => dirname(f.path)))) {
      try {
        const watcher = watch(dir, { persistent: false }, () => this.reloadIfChanged());
        watcher.on('error', (err) =>
          this.#log.warn({ err, dir }, 'Watching the intel directory failed; polling only.'),
        );
        this.#watchers.push(watcher);
      } catch (err) {
        this.#log.warn({ err, dir }, 'Cannot watch the intel directory; polling only.');
      }
    }
    this.#poll = setInterval(() => this.reloadIfChanged(), pollMs);
    this.#poll.unref();
  }

  /** Re-reads every file whose mtime, size or inode changed since it was last read. */
  reloadIfChanged(): void {
    for (const file of this.#files) {
      const version = versionOf(file.path);
      if (version === file.version) continue;
      file.version = version;
      file.values = version === 'missing' ? new Set() : this.#read(file);
      this.#log.info(
        { file: file.path, kind: file.kind, entries: file.values.size },
        'Loaded threat intelligence list.',
      );
      this.emit('reloaded', file.path);
    }
  }

  close(): void {
    for (const watcher of this.#watchers) watcher.close();
    this.#watchers.length = 0;
    if (this.#poll) clearInterval(this.#poll);
  }

  #read(file: LoadedFile): Set<string> {
    const values = new Set<string>();
    const rejected: number[] = [];
    let text: string;
    try {
      text = readFileSync(file.path, 'utf8');
    } catch (err) {
      this.#log.warn({ err, file: file.path }, 'Cannot read the intel list; treating it as empty.');
      return values;
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const value = (lines[i] ?? '').replace(/#.*/, '').trim().toLowerCase();
      if (value === '') continue;
      if (VALIDATORS[file.kind](value)) values.add(value);
      else rejected.push(i + 1);
    }
    if (rejected.length > 0) {
      this.#log.warn(
        { file: file.path, lines: rejected.slice(0, 20), count: rejected.length },
        `Skipped lines that are not ${file.kind}.`,
      );
    }
    return values;
  }
}

function versionOf(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return 'missing';
  }
}
