/**
 * Small, synchronous file readers for /proc, /sys and configuration files. Tables call them from inside a SQLite
 * scan, so they never block on anything but the file itself and never spawn a process.
 */
import { closeSync, openSync, readSync, readlinkSync } from 'node:fs';

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
 */
export function readBytesShared(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === shared.length) {
        const bigger = Buffer.allocUnsafe(shared.length * 2);
        shared.copy(bigger, 0, 0, length);
        shared = bigger;
      }
      const n = readSync(fd, shared, length, shared.length - length, null);
      if (n === 0) break;
      length += n;
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

/** Reads a whole file as text, or returns null when it does not exist. Other errors (EACCES…) are thrown. */
export function readTextIfExists(path: string): string | null {
  try {
    return readText(path);
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
