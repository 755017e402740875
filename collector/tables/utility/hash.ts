/**
 * Generator of the `hash` table (osquery hash@genHash): md5, sha1 and sha256 of regular files named by `path` or
 * `directory`. Only the digests the query reads are computed; files larger than --read_max (50 MiB by default) are
 * not read, and like osquery their digests are empty.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { targetPaths, type FileTarget } from './file-targets.js';

export const DEFAULT_READ_MAX = 50 * 1024 * 1024;
/**
 * One read buffer for every file (scans are synchronous, so it is never shared): a fresh 1 MiB buffer per file cost
 * page faults and GC (sys time 4× sha256sum's over /usr/bin); 256 KiB stays in cache between read() and the digest.
 */
const CHUNK = 256 * 1024;
let readBuffer: Buffer | undefined;
const ALGORITHMS = ['md5', 'sha1', 'sha256'] as const;

export function readMax(ctx: QueryContext): number {
  const flag = Number(ctx.services.flags?.get('read_max'));
  return Number.isFinite(flag) && flag > 0 ? flag : DEFAULT_READ_MAX;
}

/** Digests of one file, reading it once in chunks for every algorithm asked for. */
export function hashFile(path: string, algorithms: readonly string[]): Record<string, string> {
  const hashes: Array<[string, Hash]> = algorithms.map((a) => [a, createHash(a)]);
  const fd = openSync(path, 'r');
  try {
    const buffer = (readBuffer ??= Buffer.allocUnsafeSlow(CHUNK));
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      const chunk = n === CHUNK ? buffer : buffer.subarray(0, n);
      for (const [, hash] of hashes) hash.update(chunk);
    }
  } finally {
    closeSync(fd);
  }
  return Object.fromEntries(hashes.map(([name, hash]) => [name, hash.digest('hex')]));
}

function hashRow(target: FileTarget, ctx: QueryContext, limit: number): Row | undefined {
  let size: number;
  try {
    const stats = statSync(target.path);
    if (!stats.isFile()) return undefined;
    size = stats.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') ctx.errors.skip(`cannot stat ${target.path}`, err);
    return undefined;
  }
  const row: Row = { path: target.path, directory: target.directory, md5: '', sha1: '', sha256: '' };
  if (size > limit) {
    ctx.errors.skip(`${target.path} is larger than read_max (${limit} bytes)`);
    return row;
  }
  const wanted = ALGORITHMS.filter((a) => ctx.used(a));
  if (wanted.length === 0) return row;
  try {
    Object.assign(row, hashFile(target.path, wanted));
  } catch (err) {
    ctx.errors.skip(`cannot read ${target.path}`, err);
  }
  return row;
}

export function* generateHash(ctx: QueryContext): Iterable<Row> {
  const limit = readMax(ctx);
  for (const target of targetPaths(ctx)) {
    const row = hashRow(target, ctx, limit);
    if (row !== undefined) yield row;
  }
}
