/**
 * process_events rows from proc connector events: osquery's columns, and what a pid is known to run (a fork child
 * runs its parent's image, an exit row names what the pid ran, an exec /proc missed keeps its fork's parent).
 */
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import type { Row } from '../../engine/spec.js';
import type { ProcEvent } from '../kernel/proc-connector.js';

/** Exit rows reuse what exec/fork saw of a pid; bounded so a fork storm cannot grow it without limit. */
const REMEMBERED_PIDS = 32_768;
const SYSCALL_OF = { exec: 'execve', fork: 'fork', exit: 'exit' } as const;

/** CLOCK_MONOTONIC nanoseconds of an event as UNIX seconds. */
export function unixSecondsOf(
  monotonicNs: number,
  nowMs = Date.now(),
  nowMonotonicNs = Number(process.hrtime.bigint()),
): number {
  return Math.floor((nowMs * 1e6 - (nowMonotonicNs - monotonicNs)) / 1e9);
}

/** What a process runs: a fork child runs its parent's image, and an exit row names what the pid ran. */
export interface ProcessImage {
  path: string;
  cmdline: string;
  cwd: string;
  /** The process's parent as its fork event named it (an exec that /proc missed still has it). */
  parent?: number;
}

/** A live process's image read from /proc (for a fork's parent); undefined when it is gone or unreadable. */
export function readProcessImage(pid: number): ProcessImage | undefined {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (cmdline.at(-1) === '') cmdline.pop();
    return {
      path: readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, ''),
      cmdline: cmdline.join(' '),
      cwd: readlinkSync(`/proc/${pid}/cwd`),
    };
  } catch {
    return undefined;
  }
}

/** The executable's file attributes (osquery: mode, owner and times of the file at `path`). */
function fileColumns(path: string): Row {
  if (path === '') return {};
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st === undefined) return {};
    return {
      mode: `0${(st.mode & 0o7777).toString(8)}`,
      owner_uid: st.uid,
      owner_gid: st.gid,
      atime: Math.floor(st.atimeMs / 1000),
      mtime: Math.floor(st.mtimeMs / 1000),
      ctime: Math.floor(st.ctimeMs / 1000),
      btime: Math.floor(st.birthtimeMs / 1000),
    };
  } catch {
    return {};
  }
}

/** One process_events row (osquery's columns; env, env_count, env_size stay NULL: environments are not read). */
export function processRow(event: ProcEvent, inherited: ProcessImage | undefined): Row {
  // Exit and fork reuse what is known (of the pid, of the parent); an exec whose process was gone has an unknown binary.
  const from = event.what === 'exec' ? undefined : inherited;
  const path = event.exe ?? from?.path ?? '';
  const cmdline = event.argv?.join(' ') ?? from?.cmdline ?? '';
  const ids = event.ids;
  return {
    pid: event.pid,
    path,
    cmdline,
    cmdline_size: Buffer.byteLength(cmdline),
    cwd: event.cwd ?? from?.cwd ?? '',
    auid: event.auid ?? null,
    uid: ids?.uid ?? null,
    euid: ids?.euid ?? null,
    gid: ids?.gid ?? null,
    egid: ids?.egid ?? null,
    fsuid: ids?.fsuid ?? null,
    suid: ids?.suid ?? null,
    fsgid: ids?.fsgid ?? null,
    sgid: ids?.sgid ?? null,
    ...(event.what === 'exit' ? {} : fileColumns(path)),
    overflows: '',
    parent: event.ptgid,
    time: unixSecondsOf(event.time),
    uptime: Math.floor(event.time / 1e9),
    syscall: SYSCALL_OF[event.what],
  };
}

/** Turns events into rows, remembering per pid what it runs; `kept` are the kinds that become rows. */
export class ProcessRows {
  readonly #kept: ReadonlySet<ProcEvent['what']>;
  readonly #remembered = new Map<number, ProcessImage>();

  constructor(kept: ReadonlySet<ProcEvent['what']>) {
    this.#kept = kept;
  }

  clear(): void {
    this.#remembered.clear();
  }

  /** Rows of the kept kinds; every event updates what is remembered of its pid. */
  rowsOf(events: readonly ProcEvent[]): Row[] {
    const rows: Row[] = [];
    for (const raw of events) {
      const event = this.#withForkParent(raw);
      const row = processRow(event, this.#imageBefore(event));
      // An exec replaces what the pid runs: forget the forked image even when the new one could not be read. A
      // fork is remembered even without an image, for its parent.
      const unknownExec = event.what === 'exec' && row.path === '' && row.cmdline === '';
      if (event.what === 'exit' || unknownExec) this.#remembered.delete(event.pid);
      else this.#remember(event.pid, row);
      if (this.#kept.has(event.what)) rows.push(row);
    }
    return rows;
  }

  #imageBefore(event: ProcEvent): ProcessImage | undefined {
    if (event.what === 'exit') return this.#remembered.get(event.pid);
    if (event.what !== 'fork') return undefined;
    return this.#remembered.get(event.ptgid) ?? readProcessImage(event.ptgid);
  }

  /** An exec whose /proc status was gone takes its parent from the pid's fork event (the kernel's own answer). */
  #withForkParent(event: ProcEvent): ProcEvent {
    if (event.what !== 'exec' || event.ptgid >= 0) return event;
    const parent = this.#remembered.get(event.pid)?.parent;
    return parent === undefined ? event : { ...event, ppid: parent, ptgid: parent };
  }

  #remember(pid: number, row: Row): void {
    this.#remembered.delete(pid);
    if (this.#remembered.size >= REMEMBERED_PIDS) {
      const oldest = this.#remembered.keys().next();
      if (oldest.done !== true) this.#remembered.delete(oldest.value);
    }
    const image = { path: String(row.path ?? ''), cmdline: String(row.cmdline ?? ''), cwd: String(row.cwd ?? '') };
    this.#remembered.set(pid, { ...image, parent: Number(row.parent) });
  }
}
