/**
 * A directory's entries with their metadata in one native call (native/dirstat.c): readdir, then lstat() of each
 * entry on the directory's fd, stat() through a link, and readlink() when asked. The file table and the path
 * patterns use it instead of readdirSync + lstatSync + statSync + readlinkSync per entry, which cost four JS calls
 * and a BigIntStats object per file. Stats follow osquery's file table: the metadata of what a link points to, the
 * link's own when it dangles, `lmode` from lstat() for the symlink flag; times are whole seconds (tv_sec).
 */
import { constants } from 'node:fs';
import { createRequire } from 'node:module';
import { constants as os } from 'node:os';
import { getSystemErrorName } from 'node:util';
import { fromRoot } from '../../common/paths.js';

export interface StatOptions {
  /** The whole record; without it only the entry's type (lmode = mode, from d_type when the filesystem gives it). */
  stat: boolean;
  /** Each link's text in linkText (readlink). */
  links: boolean;
}

export const TYPE_ONLY: StatOptions = { stat: false, links: false };

export interface FileStat {
  /** lstat()'s errno name ('EACCES', 'ENOENT'); undefined when it succeeded. */
  error: string | undefined;
  /** lstat()'s st_mode: tells a link from what it points to. */
  lmode: number;
  /** st_mode of the file, through a link. */
  mode: number;
  /** A link whose target cannot be stat()ed: the other fields are the link's own. */
  dangling: boolean;
  ino: number | bigint;
  uid: number;
  gid: number;
  rdev: number | bigint;
  size: number | bigint;
  blksize: number;
  atime: number;
  mtime: number;
  ctime: number;
  nlink: number;
  /** The link's own text (`usr/bin`), '' for anything else or when links were not asked for. */
  linkText: string;
}

export interface DirEntry {
  name: string;
  stat: FileStat;
}

interface StatAddon {
  statDir(dir: string, flags: number): { names: string; links: string; stats: Float64Array };
  statPaths(paths: string, flags: number): { links: string; stats: Float64Array };
}

// Record layout of native/dirstat.c.
const FIELDS = 17;
const { errno } = os;
const [ERRNO, LMODE, MODE, DANGLING, INO_HI, INO_LO, UID, GID, RDEV_HI, RDEV_LO] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const [SIZE_HI, SIZE_LO, BLKSIZE, ATIME, MTIME, CTIME, NLINK] = [10, 11, 12, 13, 14, 15, 16];
const STAT_FLAG = 1;
const LINKS_FLAG = 2;

let addon: StatAddon | undefined;
function native(): StatAddon {
  addon ??= createRequire(import.meta.url)(fromRoot('build', 'Release', 'osprey.node')) as StatAddon;
  return addon;
}

const flagsOf = (options: StatOptions): number => (options.stat ? STAT_FLAG : 0) | (options.links ? LINKS_FLAG : 0);

/** The sorted entries of dir (byte order of the names, as `ls` in the C locale); none when it cannot be read. */
export function statDirectory(dir: string, options: StatOptions = TYPE_ONLY): DirEntry[] {
  let listing: ReturnType<StatAddon['statDir']>;
  try {
    listing = native().statDir(dir, flagsOf(options));
  } catch {
    return [];
  }
  const names = listing.names.split('\0');
  const links = options.links ? listing.links.split('\0') : [];
  const entries: DirEntry[] = [];
  for (let i = 0; i < names.length - 1; i++) {
    entries.push({ name: names[i] as string, stat: record(listing.stats, i, links[i] ?? '') });
  }
  return entries;
}

/** One path's record; a path that does not exist has error 'ENOENT'. */
export function statPath(path: string, options: StatOptions = TYPE_ONLY): FileStat {
  // No file name holds a NUL, and the native call separates paths with it.
  if (path.includes('\0')) return record(new Float64Array(FIELDS).fill(errno.ENOENT, ERRNO, ERRNO + 1), 0, '');
  const result = native().statPaths(`${path}\0`, flagsOf(options));
  return record(result.stats, 0, options.links ? (result.links.split('\0')[0] ?? '') : '');
}

export const isDirectoryMode = (mode: number): boolean => (mode & constants.S_IFMT) === constants.S_IFDIR;
export const isLinkMode = (mode: number): boolean => (mode & constants.S_IFMT) === constants.S_IFLNK;

/** A 64-bit value from its two halves: a number while it is exact, else a bigint. */
function u64(hi: number, lo: number): number | bigint {
  if (hi < 0x200000) return hi * 0x1_0000_0000 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function record(stats: Float64Array, i: number, linkText: string): FileStat {
  const at = i * FIELDS;
  const code = stats[at + ERRNO] as number;
  return {
    error: code === 0 ? undefined : getSystemErrorName(-code),
    lmode: stats[at + LMODE] as number,
    mode: stats[at + MODE] as number,
    dangling: stats[at + DANGLING] === 1,
    ino: u64(stats[at + INO_HI] as number, stats[at + INO_LO] as number),
    uid: stats[at + UID] as number,
    gid: stats[at + GID] as number,
    rdev: u64(stats[at + RDEV_HI] as number, stats[at + RDEV_LO] as number),
    size: u64(stats[at + SIZE_HI] as number, stats[at + SIZE_LO] as number),
    blksize: stats[at + BLKSIZE] as number,
    atime: stats[at + ATIME] as number,
    mtime: stats[at + MTIME] as number,
    ctime: stats[at + CTIME] as number,
    nlink: stats[at + NLINK] as number,
    linkText,
  };
}
