/**
 * Generator of the `file` table (osquery utility/file@genFile): one row per path named by the query's `path` or
 * `directory` constraints. Like osquery, the attributes come from stat() (falling back to lstat() for a dangling
 * link) and `symlink` from lstat(), so a link reports its target's metadata and symlink = 1. As osquery on Linux:
 * btime is 0 (Linux stat() has no birth time), symlink_target_path is the link's own text (readlink), and `type`
 * comes from following the link, so a dangling link is `unknown`.
 */
import { lstatSync, readlinkSync, statSync, type BigIntStats } from 'node:fs';
import { basename } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { modeString } from '../../files/mode.js';
import { targetPaths, type FileTarget } from './file-targets.js';

export function fileType(stats: BigIntStats): string {
  if (stats.isFile()) return 'regular';
  if (stats.isDirectory()) return 'directory';
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isCharacterDevice()) return 'character';
  if (stats.isBlockDevice()) return 'block';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  return 'unknown';
}

const seconds = (ns: bigint): bigint => ns / 1_000_000_000n;

export function fileRow(target: FileTarget, ctx: QueryContext): Row | undefined {
  let link: BigIntStats;
  try {
    link = lstatSync(target.readPath, { bigint: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') ctx.errors.skip(`cannot stat ${target.path}`, err);
    return undefined;
  }
  const isLink = link.isSymbolicLink();
  let stats = link; // stat() of anything but a link is its lstat(): one syscall per file, not two
  let followed = true;
  if (isLink) {
    try {
      stats = statSync(target.readPath, { bigint: true });
    } catch {
      // A dangling link: report the link itself, type unknown (osquery's fs::status finds no file).
      followed = false;
    }
  }
  return {
    path: target.path,
    directory: target.directory,
    filename: basename(target.path),
    inode: stats.ino,
    uid: stats.uid,
    gid: stats.gid,
    mode: modeString(stats.mode),
    device: stats.rdev,
    size: stats.size,
    block_size: stats.blksize,
    atime: seconds(stats.atimeNs),
    mtime: seconds(stats.mtimeNs),
    ctime: seconds(stats.ctimeNs),
    btime: 0,
    hard_links: stats.nlink,
    symlink: isLink ? 1 : 0,
    type: followed ? fileType(stats) : 'unknown',
    symlink_target_path: isLink && ctx.used('symlink_target_path') ? linkText(target.readPath) : '',
    pid_with_namespace: target.pidWithNamespace,
  };
}

/** The link's own text (`/bin` -> `usr/bin`), not the resolved path. */
function linkText(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

export function* generateFile(ctx: QueryContext): Iterable<Row> {
  for (const target of targetPaths(ctx)) {
    const row = fileRow(target, ctx);
    if (row !== undefined) yield row;
  }
}
