/**
 * The last parse of a file, reused while the file is unchanged: same device, inode, size, mtime and ctime (in
 * nanoseconds). The daemon's packs read the same large, rarely changing files every few seconds (dpkg's status:
 * ~700 packages); tools that rewrite them (dpkg writes status-new and renames it) change the inode or the times.
 * The parse's complaints are kept with it and replayed on every hit, so a cached read reports what a fresh one would.
 */
import { statSync } from 'node:fs';
import { readTextIfExists } from './read.js';

interface Entry<T> {
  readonly key: string;
  readonly value: T;
  readonly complaints: readonly string[];
}

export class ParsedFileCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #parse: (text: string, bad: (reason: string) => void) => T;
  readonly #limit: number;
  readonly #encoding: BufferEncoding;

  /** `limit` paths are kept (the oldest entry goes first): a constraint such as `admindir = …` names a few. */
  constructor(parse: (text: string, bad: (reason: string) => void) => T, limit = 4, encoding: BufferEncoding = 'utf8') {
    this.#parse = parse;
    this.#limit = limit;
    this.#encoding = encoding;
  }

  /** The parsed file, or null when it does not exist; read errors other than absence throw, as readTextIfExists. */
  read(path: string, bad: (reason: string) => void): T | null {
    const key = statKey(path);
    if (key === undefined) {
      this.#entries.delete(path);
      return null;
    }
    const hit = this.#entries.get(path);
    if (hit?.key === key) {
      for (const reason of hit.complaints) bad(reason);
      return hit.value;
    }
    const text = readTextIfExists(path, this.#encoding);
    if (text === null) return null;
    const complaints: string[] = [];
    const value = this.#parse(text, (reason) => {
      complaints.push(reason);
      bad(reason);
    });
    // The stat taken before the read: a write racing the read changes the file's times, so the next read misses.
    this.#entries.delete(path);
    this.#entries.set(path, { key, value, complaints });
    if (this.#entries.size > this.#limit) this.#entries.delete(this.#entries.keys().next().value as string);
    return value;
  }
}

function statKey(path: string): string | undefined {
  const st = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (st === undefined) return undefined;
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}
