/**
 * Builds one `processes` row from /proc/<pid>, reading only the files the query's columns need (osquery's
 * genProcess in osquery/tables/system/linux/processes.cpp, whose quirks are kept: memory sizes are the status
 * kB figures times 1000, times are milliseconds, on_disk is -1/0/1).
 */
import { existsSync, statSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { CLOCK_TICKS, PROC, bootTime, parseStat } from '../lib/proc.js';
import { readLinkOrEmpty, readText, readTextIfExists, toInt } from '../lib/read.js';

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
export function readProcessRow(pid: number, plan: ProcessReadPlan, ctx: QueryContext): Row | null {
  const dir = `${PROC}/${pid}`;
  const row: Row = { pid, wired_size: 0 };
  try {
    if (plan.stat && !addStat(row, readText(`${dir}/stat`))) {
      ctx.errors.skip(`malformed ${dir}/stat`);
      return null;
    }
    if (plan.status) addStatus(row, readText(`${dir}/status`));
  } catch (err) {
    ctx.errors.skip(`cannot read ${dir}`, err);
    return null;
  }
  if (plan.cmdline) row.cmdline = readCmdline(dir);
  if (plan.path) addPath(row, pid);
  if (plan.cwd) row.cwd = readLinkOrEmpty(`${dir}/cwd`);
  if (plan.root) row.root = readLinkOrEmpty(`${dir}/root`);
  if (plan.io) addIo(row, dir, ctx);
  if (plan.cgroup) row.cgroup_path = readCgroup(dir);
  return row;
}

function addStat(row: Row, content: string): boolean {
  const stat = parseStat(content);
  if (stat === null) return false;
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
  return true;
}

function ticksToMs(ticks: string | undefined): number | null {
  const n = toInt(ticks);
  return n === null ? null : n * (1000 / CLOCK_TICKS);
}

/** Picks the few status lines the row needs without building a map of all ~55. */
function addStatus(row: Row, content: string): void {
  for (const line of content.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    switch (key) {
      case 'Name':
        row.name = value;
        break;
      case 'Uid':
        [row.uid, row.euid, row.suid] = idTriple(value);
        break;
      case 'Gid':
        [row.gid, row.egid, row.sgid] = idTriple(value);
        break;
      case 'VmRSS':
        row.resident_size = kiloToOsqueryBytes(value);
        break;
      case 'VmSize':
        row.total_size = kiloToOsqueryBytes(value);
        break;
      default:
        break;
    }
  }
}

function idTriple(value: string): [number | null, number | null, number | null] {
  const parts = value.split(/\s+/);
  return [toInt(parts[0]), toInt(parts[1]), toInt(parts[2])];
}

/** osquery strips " kB" and appends "000": sizes are kB x 1000, kept so results match osquery's. */
function kiloToOsqueryBytes(value: string): number | null {
  const kb = toInt(value.replace(/\s*kB$/, ''));
  return kb === null ? null : kb * 1000;
}

/** argv joined by spaces (NULs replaced), trimmed, as osquery's readProcCMDLine; '' for kernel threads. */
function readCmdline(dir: string): string {
  let text: string;
  try {
    text = readText(`${dir}/cmdline`);
  } catch {
    return '';
  }
  return text.replace(/\0/g, ' ').trim();
}

const DELETED_SUFFIX = ' (deleted)';

/** path from /proc/<pid>/exe and on_disk, following osquery's getOnDisk (including the " (deleted)" cases). */
function addPath(row: Row, pid: number): void {
  let path = readLinkOrEmpty(`${PROC}/${pid}/exe`);
  let onDisk: number;
  if (path === '') {
    onDisk = -1;
  } else if (!path.endsWith(DELETED_SUFFIX)) {
    onDisk = existsSync(path) ? 1 : 0;
  } else if (!existsSync(path)) {
    path = path.slice(0, -DELETED_SUFFIX.length);
    onDisk = 0;
  } else {
    const same = runsFromFileNamedDeleted(pid, path);
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

/** A file really named "x (deleted)" exists: compare its inode with the one mapped for the binary. */
function runsFromFileNamedDeleted(pid: number, path: string): boolean | null {
  const maps = readTextIfExists(`${PROC}/${pid}/maps`);
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
    text = readText(`${dir}/io`);
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
    return parseCgroupPath(readText(`${dir}/cgroup`));
  } catch {
    return '';
  }
}
