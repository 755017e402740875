/**
 * process_events rows from audit events (osquery's tables/events/linux/process_events.cpp): the SYSCALL record
 * names the call, the process and its ids; EXECVE records hold argv (a0..aN, quoted text or hex, long arguments
 * split into a<i>[<j>] chunks over several records); CWD the working directory; the first PATH record the
 * executable's mode and owner as the kernel resolved it. Fork rows (fork, vfork, clone) name the child by the
 * call's return value and the caller as parent, as osquery does with --audit_allow_fork_process_events.
 */
import { statSync } from 'node:fs';
import { AUDIT, AUDIT_ARCH } from '../kernel/audit.js';
import { auditString, type AuditEvent, type AuditRecord } from '../kernel/audit-records.js';
import type { Row } from '../../engine/spec.js';

export type ProcessSyscall = 'execve' | 'execveat' | 'fork' | 'vfork' | 'clone';

/** linux/audit.h AUDIT_EXECVE: one record of a call's argv. */
export const AUDIT_EXECVE = 1309;

/** Syscall numbers per audit arch (hex, as SYSCALL records print it). aarch64 has no fork or vfork: libc uses clone. */
export const PROCESS_SYSCALLS: Readonly<Record<string, Readonly<Record<number, ProcessSyscall>>>> = {
  c000003e: { 59: 'execve', 322: 'execveat', 57: 'fork', 58: 'vfork', 56: 'clone' }, // x86_64
  c00000b7: { 221: 'execve', 281: 'execveat', 220: 'clone' }, // aarch64
};

const EXEC_CALLS: ReadonlySet<ProcessSyscall> = new Set(['execve', 'execveat']);

/** The audit arch and syscall numbers to watch on this machine's arch; undefined where there is no table. */
export function processSyscallsFor(
  arch: NodeJS.Architecture,
  allowFork: boolean,
): { arch: number; syscalls: number[] } | undefined {
  const audit = arch === 'x64' ? AUDIT_ARCH.x86_64 : arch === 'arm64' ? AUDIT_ARCH.aarch64 : undefined;
  if (audit === undefined) return undefined;
  const table = PROCESS_SYSCALLS[audit.toString(16)] ?? {};
  const syscalls = Object.entries(table)
    .filter(([, name]) => allowFork || EXEC_CALLS.has(name))
    .map(([nr]) => Number(nr));
  return { arch: audit, syscalls };
}

/** clone(2) flag: the new task is a thread of the caller, not a process. */
const CLONE_THREAD = 0x10000;

/** The bytes of one audit string value: quoted text, or hex (what audit prints for long or unusual strings). */
function valueBytes(raw: string): Buffer {
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) return Buffer.from(raw.slice(1, -1), 'utf8');
  if (/^(?:[0-9A-Fa-f]{2})+$/.test(raw)) return Buffer.from(raw, 'hex');
  return Buffer.from(raw === '(null)' ? '' : raw, 'utf8');
}

/**
 * argv from the EXECVE records of one event: `a<i>` is a whole argument; an argument too long for one record comes
 * as `a<i>_len` and chunks `a<i>[0]`, `a<i>[1]` ... (possibly in later records), joined before decoding so a
 * character split across chunks survives. Stops at the first argument that is missing (a record the kernel lost).
 */
export function execArguments(records: readonly AuditRecord[]): string[] {
  const fields = new Map<string, string>();
  for (const record of records) {
    if (record.type !== AUDIT_EXECVE) continue;
    for (const [key, value] of record.fields) if (!fields.has(key)) fields.set(key, value);
  }
  const argc = Number(fields.get('argc') ?? 0);
  const args: string[] = [];
  for (let i = 0; i < argc; i++) {
    const whole = fields.get(`a${i}`);
    if (whole !== undefined) {
      args.push(auditString(whole));
      continue;
    }
    const chunks: Buffer[] = [];
    for (let j = 0; fields.has(`a${i}[${j}]`); j++) chunks.push(valueBytes(fields.get(`a${i}[${j}]`) ?? ''));
    if (chunks.length === 0) break;
    args.push(Buffer.concat(chunks).toString('utf8'));
  }
  return args;
}

/** The PROCTITLE record's command line (argv joined by NULs, hex-encoded), for fork rows that have no EXECVE. */
export function proctitle(record: AuditRecord | undefined): string {
  const raw = record?.fields.get('proctitle');
  if (raw === undefined) return '';
  const parts = valueBytes(raw).toString('utf8').split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts.join(' ');
}

function numberField(record: AuditRecord | undefined, key: string, radix = 10): number | null {
  const raw = record?.fields.get(key);
  if (raw === undefined) return null;
  const value = parseInt(raw, radix);
  return Number.isFinite(value) ? value : null;
}

function callOf(syscall: AuditRecord): ProcessSyscall | undefined {
  return PROCESS_SYSCALLS[syscall.fields.get('arch') ?? '']?.[numberField(syscall, 'syscall') ?? -1];
}

/** Ids and identity columns every row takes from the SYSCALL record. */
function idColumns(syscall: AuditRecord): Row {
  const id = (key: string): number | null => numberField(syscall, key);
  return {
    auid: id('auid'),
    uid: id('uid'),
    euid: id('euid'),
    gid: id('gid'),
    egid: id('egid'),
    fsuid: id('fsuid'),
    suid: id('suid'),
    fsgid: id('fsgid'),
    sgid: id('sgid'),
  };
}

/**
 * The process_events row of one audit event, or null when it is not a process call to report: not one of the
 * watched syscalls, a call that failed (a failed exec ran nothing; libc's PATH search makes many), a thread
 * creation, or a fork row when `allowFork` is off. Environment columns stay NULL: audit does not record envp.
 */
export function auditProcessRow(event: AuditEvent, allowFork: boolean, bootTime = 0): Row | null {
  const syscall = event.records.find((r) => r.type === AUDIT.SYSCALL);
  if (syscall === undefined) return null;
  const call = callOf(syscall);
  if (call === undefined || syscall.fields.get('success') !== 'yes') return null;
  const exec = EXEC_CALLS.has(call);
  const exit = numberField(syscall, 'exit') ?? 0;
  if (!exec && (!allowFork || exit <= 0)) return null;
  if (call === 'clone' && ((numberField(syscall, 'a0', 16) ?? 0) & CLONE_THREAD) !== 0) return null;
  const cwd = event.records.find((r) => r.type === AUDIT.CWD);
  // item=0 is the file exec was given (a script, not its interpreter); osquery reads the first PATH record.
  const path = event.records.find((r) => r.type === AUDIT.PATH && r.fields.get('item') === '0');
  const cmdline = exec
    ? execArguments(event.records).join(' ')
    : proctitle(event.records.find((r) => r.type === AUDIT.PROCTITLE));
  return {
    pid: exec ? numberField(syscall, 'pid') : exit,
    path: auditString(syscall.fields.get('exe')),
    // As osquery's audit source: the PATH record's st_mode in octal, file type included (0100755).
    mode: exec ? (path?.fields.get('mode') ?? '') : '',
    cmdline,
    cmdline_size: Buffer.byteLength(cmdline),
    cwd: cwd === undefined ? '' : auditString(cwd.fields.get('cwd')),
    ...idColumns(syscall),
    owner_uid: exec ? numberField(path, 'ouid') : null,
    owner_gid: exec ? numberField(path, 'ogid') : null,
    overflows: '',
    parent: exec ? numberField(syscall, 'ppid') : numberField(syscall, 'pid'),
    time: Math.floor(event.time),
    uptime: bootTime > 0 ? Math.max(0, Math.floor(event.time - bootTime)) : null,
    syscall: call,
  };
}

/** The executable's times (osquery joins the file table on path); a file already gone leaves them NULL. */
export function withFileTimes(row: Row): Row {
  const path = typeof row.path === 'string' ? row.path : '';
  if (path === '' || row.syscall === 'fork' || row.syscall === 'vfork' || row.syscall === 'clone') return row;
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st === undefined) return row;
    return {
      ...row,
      atime: Math.floor(st.atimeMs / 1000),
      mtime: Math.floor(st.mtimeMs / 1000),
      ctime: Math.floor(st.ctimeMs / 1000),
      btime: Math.floor(st.birthtimeMs / 1000),
    };
  } catch {
    return row;
  }
}
