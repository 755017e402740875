/**
 * Generator of the `file` table (osquery utility/file@genFile): one row per path named by the query's `path` or
 * `directory` constraints. Like osquery, the attributes come from stat() (falling back to lstat() for a dangling
 * link) and `symlink` from lstat(), so a link reports its target's metadata and symlink = 1. As osquery on Linux:
 * btime is 0 (Linux stat() has no birth time), symlink_target_path is the link's own text (readlink), and `type`
 * comes from following the link, so a dangling link is `unknown`. The metadata is read by files/dir-stats.ts, in
 * the same native call that lists a directory when the path came from one.
 */
import { constants } from 'node:fs';
import { basename } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { isLinkMode, statPath, type FileStat, type StatOptions } from '../../files/dir-stats.js';
import { modeString } from '../../files/mode.js';
import { targetPaths, type FileTarget } from './file-targets.js';

const TYPES = new Map<number, string>([
  [constants.S_IFREG, 'regular'],
  [constants.S_IFDIR, 'directory'],
  [constants.S_IFLNK, 'symlink'],
  [constants.S_IFCHR, 'character'],
  [constants.S_IFBLK, 'block'],
  [constants.S_IFIFO, 'fifo'],
  [constants.S_IFSOCK, 'socket'],
]);

/** osquery's `type` for an st_mode. */
export function fileType(mode: number): string {
  return TYPES.get(mode & constants.S_IFMT) ?? 'unknown';
}

/** modeString per distinct mode: a tree holds a handful of them. */
const MODES = new Map<number, string>();
function permissions(mode: number): string {
  let text = MODES.get(mode);
  if (text === undefined) {
    text = modeString(BigInt(mode));
    MODES.set(mode, text);
  }
  return text;
}

export function fileRow(target: FileTarget, ctx: QueryContext, options = statOptions(ctx)): Row | undefined {
  const stats: FileStat = target.stat ?? statPath(target.readPath, options);
  if (stats.error !== undefined) {
    if (stats.error !== 'ENOENT') ctx.errors.skip(`cannot stat ${target.path}`, new Error(stats.error));
    return undefined;
  }
  const isLink = isLinkMode(stats.lmode);
  return {
    path: target.path,
    directory: target.directory,
    filename: basename(target.path),
    inode: stats.ino,
    uid: stats.uid,
    gid: stats.gid,
    mode: permissions(stats.mode),
    device: stats.rdev,
    size: stats.size,
    block_size: stats.blksize,
    atime: stats.atime,
    mtime: stats.mtime,
    ctime: stats.ctime,
    btime: 0,
    hard_links: stats.nlink,
    symlink: isLink ? 1 : 0,
    // A dangling link: the link itself is reported, type unknown (osquery's fs::status finds no file).
    type: stats.dangling ? 'unknown' : fileType(stats.mode),
    symlink_target_path: stats.linkText,
    pid_with_namespace: target.pidWithNamespace,
  };
}

/** The whole record, and the link texts only when the query reads symlink_target_path. */
function statOptions(ctx: QueryContext): StatOptions {
  return { stat: true, links: ctx.used('symlink_target_path') };
}

export function* generateFile(ctx: QueryContext): Iterable<Row> {
  const options = statOptions(ctx);
  for (const target of targetPaths(ctx, options)) {
    const row = fileRow(target, ctx, options);
    if (row !== undefined) yield row;
  }
}
