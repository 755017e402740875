/**
 * osquery's filesystem logger (docs/osquery-compatibility.md §5.2): results to `<logger_path>/osqueryd.results.log`, snapshots to
 * `osqueryd.snapshots.log`, status logs as glog lines to `osqueryd.INFO` (and `.WARNING`, `.ERROR` for those
 * severities; osquery adds a date and pid to glog file names and points these names at them with symlinks). Files
 * are created with --logger_mode when set, else 0600 (osquery's default 0640 would let a group read host data).
 * Rotation with --logger_rotate: a file at or above --logger_rotate_size before a write becomes `.1`, older copies
 * shift up, and --logger_rotate_max_files are kept (osquery compresses `.2` and older with zstd; Node 20 has no
 * zstd, so Osprey keeps them uncompressed). Writes are fsynced and idempotent (filesystem-state.ts).
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { mkdirPrivate } from '../../common/paths.js';
import { formatDiff, formatOptionsFromFlags, formatSnapshot } from './format.js';
import { StateFile, sizeOf, type WriterState } from './filesystem-state.js';
import type { LogPayload, LogRecord, LoggerPlugin, LoggerPluginContext, StatusRecord } from './types.js';

export const RESULTS_FILE = 'osqueryd.results.log';
export const SNAPSHOTS_FILE = 'osqueryd.snapshots.log';
const STATUS_FILES = ['osqueryd.INFO', 'osqueryd.WARNING', 'osqueryd.ERROR'] as const;

export function createFilesystemLogger(ctx: LoggerPluginContext): LoggerPlugin {
  const dir = ctx.flags.get('logger_path') ?? '/var/log/osquery/';
  const mode = Number.parseInt(ctx.flags.get('logger_mode') ?? '0600', 8) || 0o600;
  makeLogDirectory(dir, mode);
  const files = [RESULTS_FILE, SNAPSHOTS_FILE, ...STATUS_FILES].map((name) => join(dir, name));
  const stateFile = new StateFile(ctx.stateDir);
  const state: WriterState = stateFile.recover(files);
  touch(join(dir, RESULTS_FILE), mode); // osquery creates the results file empty at setUp

  const append = (file: string, lines: readonly string[]): void => {
    if (lines.length === 0) return;
    if (ctx.flags.getBool('logger_rotate') && sizeOf(file) >= ctx.flags.getNumber('logger_rotate_size')) {
      rotate(file, Math.max(1, ctx.flags.getNumber('logger_rotate_max_files')));
      state.sizes[file] = 0;
      stateFile.save(state);
    }
    const fd = openSync(file, 'a', mode);
    try {
      writeSync(fd, `${lines.join('\n')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    state.sizes[file] = sizeOf(file);
  };

  return {
    name: 'filesystem',
    async deliver(records: readonly LogRecord[]): Promise<void> {
      const fresh = records.filter((record) => record.seq > state.lastSeq);
      if (fresh.length === 0) return;
      const options = formatOptionsFromFlags(ctx.flags);
      const byFile = new Map<string, string[]>(files.map((file) => [file, []]));
      for (const { payload } of fresh) {
        for (const [name, line] of linesFor(payload, options)) byFile.get(join(dir, name))?.push(line);
      }
      for (const [file, lines] of byFile) append(file, lines);
      state.lastSeq = fresh[fresh.length - 1]?.seq ?? state.lastSeq;
      stateFile.save(state);
    },
    async close(): Promise<void> {},
    async healthcheck(): Promise<boolean> {
      return existsSync(dir);
    },
  };
}

function linesFor(payload: LogPayload, options: ReturnType<typeof formatOptionsFromFlags>): Array<[string, string]> {
  if (payload.kind === 'diff') return formatDiff(payload, options).map((line) => [RESULTS_FILE, line]);
  if (payload.kind === 'snapshot') return formatSnapshot(payload, options).map((line) => [SNAPSHOTS_FILE, line]);
  const line = glogLine(payload);
  return STATUS_FILES.slice(0, Math.min(payload.severity, 2) + 1).map((name) => [name, line]);
}

/** glog's prefix: `Lmmdd hh:mm:ss.uuuuuu <tid> <file>:<line>] <message>` with L one of I W E F. */
export function glogLine(status: StatusRecord): string {
  const d = new Date(status.unixTime * 1000);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const level = 'IWEF'[status.severity] ?? 'I';
  const date = `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}`;
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.000000`;
  return `${level}${date} ${time} ${process.pid} ${status.filename}:${status.line}] ${status.message.replace(/\n/g, ' ')}`;
}

/**
 * 0700 for the private default; with an explicit --logger_mode (0640 lets a log shipper's group read), whoever may
 * read the files may also enter the directory (each read bit adds the matching search bit).
 */
function makeLogDirectory(dir: string, fileMode: number): void {
  if (fileMode === 0o600) return mkdirPrivate(dir);
  const dirMode = 0o700 | ((fileMode & 0o044) >> 2) | (fileMode & 0o044);
  mkdirSync(dir, { recursive: true, mode: dirMode });
  chmodSync(dir, dirMode);
}

function touch(file: string, mode: number): void {
  closeSync(openSync(file, 'a', mode));
  chmodSync(file, mode);
}

/** file -> file.1, file.1 -> file.2, …; the copy beyond `keep` is deleted. */
function rotate(file: string, keep: number): void {
  rmSync(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
  }
  if (keep >= 1) renameSync(file, `${file}.1`);
  else rmSync(file, { force: true });
}
