/**
 * Builds one `processes` row from /proc/<pid>, reading only the files the query's columns need (osquery's
 * genProcess in osquery/tables/system/linux/processes.cpp, whose quirks are kept: memory sizes are the status
 * kB figures in bytes (x 1024, osquery >= 5.7), times are milliseconds, on_disk is -1/0/1).
 */
import { existsSync, statSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { CLOCK_TICKS, PROC, bootTime, parseStat } from '../lib/proc.js';
import { readLinkOrEmpty, readSingleShotText, readTextIfExists, toInt } from '../lib/read.js';

/** Which /proc/<pid> files a scan needs, derived once per scan from the columns used. */
export interface ProcessReadPlan {
  readonly stat: boolean;
  readonly status: boolean;
  readonly cmdline: boolean;
  readonly path: boolean;
  readonly cwd: boolean;
  readonly root: boolean;
  readonly io: boolean;
  readonly cgroup: boolean;
}

const STAT_COLUMNS = ['state', 'parent', 'pgroup', 'user_time', 'system_time', 'nice', 'threads', 'start_time'];
const STATUS_COLUMNS = ['name', 'uid', 'gid', 'euid', 'egid', 'suid', 'sgid', 'resident_size', 'total_size'];

/** State shared by the rows of one scan: on_disk answers per binary path (most processes share a few binaries). */
export interface ScanCache {
  readonly onDisk: Map<string, boolean>;
}

export function newScanCache(): ScanCache {
  return { onDisk: new Map() };
}

export function planFor(ctx: QueryContext): ProcessReadPlan {
  const any = (columns: string[]): boolean => columns.some((c) => ctx.used(c));
  return {
    stat: any(STAT_COLUMNS),
    status: any(STATUS_COLUMNS),
    cmdline: ctx.used('cmdline'),
    path: any(['path', 'on_disk']),
    cwd: ctx.used('cwd'),
    root: ctx.used('root'),
    io: any(['disk_bytes_read', 'disk_bytes_written']),
    cgroup: ctx.used('cgroup_path'),
  };
}

/**
 * Reads one process. Returns null (and counts a skip) when the process exited mid-read or its stat/status is
 * unreadable or malformed, as osquery drops such a pid.
 */
export function readProcessRow(
  pid: number,
  plan: ProcessReadPlan,
  ctx: QueryContext,
  cache = newScanCache(),
): Row | null {
  const dir = `${PROC}/${pid}`;
  const row: Row = { pid, wired_size: 0 };
  let kind: TaskKind = 'unknown';
  try {
    if (plan.stat) {
      const stat = addStat(row, readSingleShotText(`${dir}/stat`));
      if (stat === null) {
        ctx.errors.skip(`malformed ${dir}/stat`);
        return null;
      }
      kind = stat.kind;
    }
    if (plan.status) addStatus(row, readSingleShotText(`${dir}/status`));
  } catch (err) {
    ctx.errors.skip(`cannot read ${dir}`, err);
    return null;
  }
  addLinksAndCmdline(row, plan, { dir, kind, cache });
  if (plan.io) addIo(row, dir, ctx);
  if (plan.cgroup) row.cgroup_path = readCgroup(dir);
  return row;
}

/** What stat says about a task's resources: kernel threads have no address space, zombies nothing at all. */
type TaskKind = 'unknown' | 'process' | 'kernel_thread' | 'zombie';

/**
 * A kernel thread has no exe link and an empty cmdline (its cwd and root are "/"); a zombie has none of them.
 * When stat told us which, the answers osquery gives ('', on_disk -1) are filled in without the failing
 * syscalls, whose exceptions cost more than successful reads.
 */
function addLinksAndCmdline(
  row: Row,
  plan: ProcessReadPlan,
  task: { dir: string; kind: TaskKind; cache: ScanCache },
): void {
  const { dir, kind, cache } = task;
  const noMemory = kind === 'kernel_thread' || kind === 'zombie';
  const noFs = kind === 'zombie';
  if (plan.cmdline) row.cmdline = noMemory ? '' : readCmdline(dir);
  if (plan.path) {
    if (noMemory) Object.assign(row, { path: '', on_disk: -1 });
    else addPath(row, dir, cache);
  }
  if (plan.cwd) row.cwd = noFs ? '' : readLinkOrEmpty(`${dir}/cwd`);
  if (plan.root) row.root = noFs ? '' : readLinkOrEmpty(`${dir}/root`);
}

/** PF_KTHREAD in the stat flags field (include/linux/sched.h). */
const PF_KTHREAD = 0x00200000;

function addStat(row: Row, content: string): { kind: TaskKind } | null {
  const stat = parseStat(content);
  if (stat === null) return null;
  const f = stat.fields;
  row.state = f[0];
  row.parent = toInt(f[1]);
  row.pgroup = toInt(f[2]);
  row.user_time = ticksToMs(f[11]);
  row.system_time = ticksToMs(f[12]);
  row.nice = toInt(f[16]);
  row.threads = toInt(f[17]);
  const started = toInt(f[19]);
  const boot = bootTime();
  row.start_time = started !== null && boot > 0 ? boot + Math.floor(started / CLOCK_TICKS) : -1;
  const flags = toInt(f[6]) ?? 0;
  if (f[0] === 'Z' || f[0] === 'X') return { kind: 'zombie' };
  return { kind: (flags & PF_KTHREAD) !== 0 ? 'kernel_thread' : 'process' };
}

function ticksToMs(ticks: string | undefined): number | null {
  const n = toInt(ticks);
  return n === null ? null : n * (1000 / CLOCK_TICKS);
}

/** Value of a `Key:\tvalue` line of /proc/<pid>/status, found by search rather than splitting ~55 lines. */
function statusField(content: string, key: string): string | undefined {
  const prefix = `${key}:`;
  let start: number;
  if (content.startsWith(prefix)) {
    start = prefix.length;
  } else {
    const at = content.indexOf(`\n${prefix}`);
    if (at < 0) return undefined;
    start = at + 1 + prefix.length;
  }
  const end = content.indexOf('\n', start);
  return content.slice(start, end < 0 ? content.length : end).trim();
}

/** The few status lines the row needs: Name, Uid, Gid, VmRSS, VmSize (kernel threads have no Vm* lines). */
function addStatus(row: Row, content: string): void {
  row.name = statusField(content, 'Name') ?? '';
  [row.uid, row.euid, row.suid] = idTriple(statusField(content, 'Uid') ?? '');
  [row.gid, row.egid, row.sgid] = idTriple(statusField(content, 'Gid') ?? '');
  const rss = statusField(content, 'VmRSS');
  const size = statusField(content, 'VmSize');
  if (rss !== undefined) row.resident_size = kiloToOsqueryBytes(rss);
  if (size !== undefined) row.total_size = kiloToOsqueryBytes(size);
}

function idTriple(value: string): [number | null, number | null, number | null] {
  const parts = value.split(/\s+/);
  return [toInt(parts[0]), toInt(parts[1]), toInt(parts[2])];
}

/** The status figures are KiB; osquery (since 5.7) reports bytes, kB x 1024 (earlier releases appended "000"). */
function kiloToOsqueryBytes(value: string): number | null {
  const kb = toInt(value.replace(/\s*kB$/, ''));
  return kb === null ? null : kb * 1024;
}

/** argv joined by spaces (NULs replaced), trimmed, as osquery's readProcCMDLine; '' for kernel threads. */
function readCmdline(dir: string): string {
  let text: string;
  try {
    text = readSingleShotText(`${dir}/cmdline`);
  } catch {
    return '';
  }
  return text.replace(/\0/g, ' ').trim();
}

const DELETED_SUFFIX = ' (deleted)';

/** path from /proc/<pid>/exe and on_disk, following osquery's getOnDisk (including the " (deleted)" cases). */
function addPath(row: Row, dir: string, cache: ScanCache): void {
  let path = readLinkOrEmpty(`${dir}/exe`);
  let onDisk: number;
  if (path === '') {
    onDisk = -1;
  } else if (!path.endsWith(DELETED_SUFFIX)) {
    onDisk = existsCached(path, cache) ? 1 : 0;
  } else if (!existsSync(path)) {
    path = path.slice(0, -DELETED_SUFFIX.length);
    onDisk = 0;
  } else {
    const same = runsFromFileNamedDeleted(dir, path);
    if (same === null) onDisk = -1;
    else if (same) onDisk = 1;
    else {
      path = path.slice(0, -DELETED_SUFFIX.length);
      onDisk = 0;
    }
  }
  row.path = path;
  row.on_disk = onDisk;
}

function existsCached(path: string, cache: ScanCache): boolean {
  let exists = cache.onDisk.get(path);
  if (exists === undefined) cache.onDisk.set(path, (exists = existsSync(path)));
  return exists;
}

/** A file really named "x (deleted)" exists: compare its inode with the one mapped for the binary. */
function runsFromFileNamedDeleted(dir: string, path: string): boolean | null {
  const maps = readTextIfExists(`${dir}/maps`);
  if (maps === null) return null;
  const line = maps.split('\n').find((l) => l.endsWith(path));
  const inode = line?.trim().split(/\s+/)[4];
  if (inode === undefined) return null;
  try {
    return String(statSync(path).ino) === inode;
  } catch {
    return null;
  }
}

function addIo(row: Row, dir: string, ctx: QueryContext): void {
  let text: string;
  try {
    text = readSingleShotText(`${dir}/io`);
  } catch (err) {
    // /proc/<pid>/io needs ptrace access; osquery leaves the columns empty and keeps the row.
    ctx.log.debug({ err }, `Cannot read ${dir}/io.`);
    return;
  }
  let read = 0;
  let written = 0;
  let cancelled = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('read_bytes:')) read = Number(line.slice(11));
    else if (line.startsWith('write_bytes:')) written = Number(line.slice(12));
    else if (line.startsWith('cancelled_write_bytes:')) cancelled = Number(line.slice(22));
  }
  row.disk_bytes_read = read;
  row.disk_bytes_written = written - cancelled;
}

/** The path of the first /proc/<pid>/cgroup line (`0::/user.slice` on cgroup v2), as osquery's parseProcCGroup. */
export function parseCgroupPath(content: string): string {
  const end = content.indexOf('\n');
  const first = end < 0 ? content : content.slice(0, end);
  const colon = first.indexOf(':');
  if (colon < 0) return '';
  const second = first.indexOf(':', colon + 1);
  return second < 0 ? '' : first.slice(second + 1);
}

function readCgroup(dir: string): string {
  try {
    return parseCgroupPath(readSingleShotText(`${dir}/cgroup`));
  } catch {
    return '';
  }
}
