/**
 * Small, synchronous file readers for /proc, /sys and configuration files. Tables call them from inside a SQLite
 * scan, so they never block on anything but the file itself and never spawn a process.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, readlinkSync } from 'node:fs';

/** errno codes that mean "the thing is not there (any more)": a process that exited, an absent optional file. */
const GONE_CODES: ReadonlySet<string> = new Set(['ENOENT', 'ESRCH', 'ENOTDIR']);

/** Whether an error says the file or process is absent (rather than unreadable or broken). */
export function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && GONE_CODES.has(code);
}

/** Whether an error is a permission refusal (EACCES/EPERM), as for another user's /proc/<pid>/environ. */
export function isDenied(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EACCES' || code === 'EPERM';
}

// One buffer reused by every read: /proc files report st_size 0, so readFileSync would fstat and then grow a
// fresh buffer per file; a shared buffer keeps a read to open + read(s) + close.
let shared = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads a whole file (including size-0 /proc and /sys files) and returns its bytes as a Buffer that is only valid
 * until the next call. Throws the fs error (ENOENT when a process exited, EACCES when not allowed).
 *
 * The file is read until read(2) returns 0: /proc files built from many records (maps, smaps, cpuinfo,
 * modules) return one page-sized chunk per read even when more is asked for.
 */
export function readBytesShared(path: string): Buffer {
  return readInto(path, false);
}

/**
 * Like readBytesShared, for the /proc files the kernel renders in one piece (/proc/<pid>/stat, status, io,
 * cgroup, cmdline, limits): their first read returns everything that fits, so a read that does not fill the
 * buffer is the end of the file and the second read(2) that would return 0 is saved. With ~8 files per process
 * that is a measurable share of `SELECT * FROM processes`. Never use it for multi-record files (maps, cpuinfo).
 */
export function readSingleShotShared(path: string): Buffer {
  return readInto(path, true);
}

const MAX_READ_BYTES = 1024 * 1024;

function readInto(path: string, singleShot: boolean): Buffer {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === shared.length) {
        const bigger = Buffer.allocUnsafe(shared.length * 2);
        shared.copy(bigger, 0, 0, length);
        shared = bigger;
      }
      // Ask for at most MAX_READ_BYTES at a time: after a large file has grown the shared buffer, a read(2) of a
      // /proc/sys or sysfs file with a count of several MiB fails with ENOMEM (the kernel allocates the count).
      const ask = Math.min(shared.length - length, MAX_READ_BYTES);
      const n = readSync(fd, shared, length, ask, null);
      length += n;
      if (n === 0 || (singleShot && n < ask)) break;
    }
    return shared.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Reads a whole file as UTF-8 text; throws the fs error. */
export function readText(path: string): string {
  return readBytesShared(path).toString('utf8');
}

/** readText for single-piece /proc files; see readSingleShotShared. */
export function readSingleShotText(path: string): string {
  return readSingleShotShared(path).toString('utf8');
}

/** Reads a whole file as text, or returns null when it does not exist. Other errors (EACCES…) are thrown. */
export function readTextIfExists(path: string, encoding: BufferEncoding = 'utf8'): string | null {
  try {
    return readBytesShared(path).toString(encoding);
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

/** A copy of a whole file's bytes (not shared), or null when absent. */
export function readBytesIfExists(path: string): Buffer | null {
  try {
    return Buffer.from(readBytesShared(path));
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

/** Target of a symlink, or '' when it cannot be read (a kernel thread's exe, a process that exited): osquery's
 * readProcLink returns an empty string in both cases. */
export function readLinkOrEmpty(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

/** Splits text into lines, dropping the empty piece after a trailing newline. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Parses `Key: value` lines (/proc/meminfo, /proc/<pid>/status, /proc/<pid>/io) into a map; values are trimmed,
 * lines without a colon are ignored.
 */
export function parseColonLines(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return out;
}

/** Parses an integer field; null for empty or non-numeric text (so the column is NULL rather than a wrong 0). */
export function toInt(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * Reads a file in a user's home for a root agent without being tricked into reading something else: the last
 * path component must not be a symlink (O_NOFOLLOW), the file must be a regular file (a FIFO would block the
 * scan; O_NONBLOCK keeps the open itself from blocking) and it must belong to `uid`, so a link or hard link to
 * /etc/shadow planted as ~/.bash_history is refused. osquery gets the same protection by dropping privileges to
 * the user while it reads. Returns null when the file does not exist; throws an Error naming the path otherwise.
 */
export function readUserOwnedText(path: string, uid: number): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if (isGone(err)) return null;
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new Error(`Refusing to follow the symlink ${path}.`);
    throw err;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error(`Refusing to read ${path}: not a regular file.`);
    if (stats.uid !== uid) throw new Error(`Refusing to read ${path}: owned by uid ${stats.uid}, not ${uid}.`);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
