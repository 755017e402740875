/**
 * Generator of the `hash` table (osquery hash@genHash): md5, sha1 and sha256 of regular files named by `path` or
 * `directory`. Only the digests the query reads are computed; files larger than --read_max (50 MiB by default) are
 * not read, and like osquery their digests are empty.
 */
import { statSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { hashFile } from '../../files/hash-file.js';
import { targetPaths, type FileTarget } from './file-targets.js';

export const DEFAULT_READ_MAX = 50 * 1024 * 1024;
const ALGORITHMS = ['md5', 'sha1', 'sha256'] as const;

export function readMax(ctx: QueryContext): number {
  const flag = Number(ctx.services.flags?.get('read_max'));
  return Number.isFinite(flag) && flag > 0 ? flag : DEFAULT_READ_MAX;
}

function hashRow(target: FileTarget, ctx: QueryContext, limit: number): Row | undefined {
  let size: number;
  try {
    const stats = statSync(target.readPath);
    if (!stats.isFile()) return undefined;
    size = stats.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') ctx.errors.skip(`cannot stat ${target.path}`, err);
    return undefined;
  }
  const row: Row = {
    path: target.path,
    directory: target.directory,
    md5: '',
    sha1: '',
    sha256: '',
    pid_with_namespace: target.pidWithNamespace,
  };
  if (size > limit) {
    ctx.errors.skip(`${target.path} is larger than read_max (${limit} bytes)`);
    return row;
  }
  const wanted = ALGORITHMS.filter((a) => ctx.used(a));
  if (wanted.length === 0) return row;
  try {
    Object.assign(row, hashFile(target.readPath, wanted));
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
