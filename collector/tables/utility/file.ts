/**
 * Generator of the `file` table (osquery utility/file@genFile): one row per path named by the query's `path` or
 * `directory` constraints. Like osquery, the attributes come from stat() (falling back to lstat() for a dangling
 * link) and `symlink` from lstat(), so a link reports its target's metadata and symlink = 1.
 */
import { lstatSync, realpathSync, statSync, type BigIntStats } from 'node:fs';
import { basename } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
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

/** Permission bits as osquery prints them: four octal digits, e.g. `0644`. */
export function modeString(mode: bigint): string {
  return (mode & 0o7777n).toString(8).padStart(4, '0');
}

const seconds = (ns: bigint): bigint => ns / 1_000_000_000n;

export function fileRow(target: FileTarget, ctx: QueryContext): Row | undefined {
  let link: BigIntStats;
  try {
    link = lstatSync(target.path, { bigint: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') ctx.errors.skip(`cannot stat ${target.path}`, err);
    return undefined;
  }
  const isLink = link.isSymbolicLink();
  let stats = link; // stat() of anything but a link is its lstat(): one syscall per file, not two
  if (isLink) {
    try {
      stats = statSync(target.path, { bigint: true });
    } catch {
      // A dangling link: report the link itself.
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
    btime: seconds(stats.birthtimeNs),
    hard_links: stats.nlink,
    symlink: isLink ? 1 : 0,
    type: fileType(stats),
    symlink_target_path: isLink && ctx.used('symlink_target_path') ? linkTarget(target.path) : '',
  };
}

function linkTarget(path: string): string {
  try {
    return realpathSync.native(path); // one realpath(3); the JS realpathSync lstat()s and readlink()s every component
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
