/**
 * process_events from the netlink proc connector (osquery fills the table from audit; the proc connector needs no
 * audit rules and sees every exec, fork and exit). The native reader reads /proc/<pid> at the event, so a process
 * that lived a millisecond still has its path and command line; one that was already gone still yields a row with
 * pid, parent and time. Runs unless events are disabled or --audit_allow_process_events is false, and steps aside
 * when audit provides process_events (--disable_audit=false; see processEventsFromAudit).
 */
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import type { Logger } from '../../../common/logger.js';
import type { Row } from '../../engine/spec.js';
import { ProcConnector, type ProcEvent } from '../kernel/proc-connector.js';
import type { EventPublisher, PublisherContext, PublisherState } from '../types.js';
import { flagOn } from './flags.js';

const TABLE = 'process_events';
/** Exit rows reuse what exec/fork saw of a pid; bounded so a fork storm cannot grow it without limit. */
const REMEMBERED_PIDS = 32_768;
const SYSCALL_OF = { exec: 'execve', fork: 'fork', exit: 'exit' } as const;

/**
 * Whether process_events come from the audit publisher: as osquery, with --disable_audit=false and
 * --audit_allow_process_events (default true). The proc connector then steps aside so no exec is recorded twice.
 */
export function processEventsFromAudit(ctx: PublisherContext): boolean {
  return !flagOn(ctx, 'disable_audit', true) && flagOn(ctx, 'audit_allow_process_events', true);
}

/** The status reason for a connector that would not open: `NETLINK_CONNECTOR: bind: Operation not permitted (EPERM)`. */
export function connectorDisabledReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.startsWith('NETLINK_CONNECTOR:') ? message : `NETLINK_CONNECTOR: ${message}`;
}

/** CLOCK_MONOTONIC nanoseconds of an event as UNIX seconds. */
export function unixSecondsOf(monotonicNs: number, nowMs = Date.now(), nowMonotonicNs = Number(process.hrtime.bigint())): number {
  return Math.floor((nowMs * 1e6 - (nowMonotonicNs - monotonicNs)) / 1e9);
}

/** What a process runs: a fork child runs its parent's image, and an exit row names what the pid ran. */
export interface ProcessImage {
  path: string;
  cmdline: string;
  cwd: string;
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

export class ProcConnectorPublisher implements EventPublisher {
  readonly name = 'proc_connector';
  readonly tables = [TABLE] as const;
  #connector: ProcConnector | undefined;
  #log: Logger | undefined;
  #events = 0;
  #lost = 0;
  readonly #remembered = new Map<number, ProcessImage>();
  /** osquery's process_events holds execve rows only; fork and exit rows are opt-in (see start()). */
  #kept: ReadonlySet<ProcEvent['what']> = new Set(['exec']);

  async start(ctx: PublisherContext): Promise<PublisherState> {
    if (flagOn(ctx, 'disable_events')) return { state: 'disabled', reason: '--disable_events is true' };
    if (!flagOn(ctx, 'audit_allow_process_events', true)) return { state: 'disabled', reason: '--audit_allow_process_events is false' };
    if (processEventsFromAudit(ctx)) return { state: 'disabled', reason: 'process_events come from audit (--disable_audit=false)' };
    if (this.#connector !== undefined) return { state: 'running', subscriptions: 1 };
    // Fork rows as osquery's audit publisher gives them with --audit_allow_fork_process_events; exit rows with
    // Osprey's --process_events_exit. Without them a pack's `SELECT * FROM process_events` sees one row per exec.
    const kept = new Set<ProcEvent['what']>(['exec']);
    if (flagOn(ctx, 'audit_allow_fork_process_events')) kept.add('fork');
    if (flagOn(ctx, 'process_events_exit')) kept.add('exit');
    this.#kept = kept;
    const log = ctx.log.child({ component: 'proc_connector' });
    this.#log = log;
    try {
      this.#connector = ProcConnector.open({
        onEvents: (events) => ctx.sink.add(TABLE, this.#rows(events)),
        onLost: (count) => {
          this.#lost += count;
          log.warn({ lost: this.#lost }, 'The proc connector dropped events: the kernel socket buffer overflowed.');
        },
        onError: (err) => log.error({ err }, 'The proc connector failed; process_events stops.'),
      });
    } catch (err) {
      return { state: 'disabled', reason: connectorDisabledReason(err) };
    }
    return { state: 'running', subscriptions: 1 };
  }

  stats(): { events: number; refreshes: number } {
    return { events: this.#events, refreshes: 0 };
  }

  /** Messages the kernel dropped since start (ENOBUFS bursts). */
  get lost(): number {
    return this.#lost;
  }

  async stop(): Promise<void> {
    this.#connector?.close();
    this.#connector = undefined;
    this.#remembered.clear();
  }

  #rows(events: readonly ProcEvent[]): Row[] {
    const rows: Row[] = [];
    for (const event of events) {
      const row = processRow(event, this.#imageBefore(event));
      // An exec replaces what the pid runs: forget the forked image even when the new one could not be read.
      if (event.what === 'exit' || (row.path === '' && row.cmdline === '')) this.#remembered.delete(event.pid);
      else this.#remember(event.pid, row);
      if (this.#kept.has(event.what)) rows.push(row);
    }
    this.#events += rows.length;
    this.#log?.trace({ rows: rows.length }, 'Process events read.');
    return rows;
  }

  #imageBefore(event: ProcEvent): ProcessImage | undefined {
    if (event.what === 'exit') return this.#remembered.get(event.pid);
    if (event.what !== 'fork') return undefined;
    return this.#remembered.get(event.ptgid) ?? readProcessImage(event.ptgid);
  }

  #remember(pid: number, row: Row): void {
    this.#remembered.delete(pid);
    if (this.#remembered.size >= REMEMBERED_PIDS) {
      const oldest = this.#remembered.keys().next();
      if (oldest.done !== true) this.#remembered.delete(oldest.value);
    }
    this.#remembered.set(pid, { path: String(row.path ?? ''), cmdline: String(row.cmdline ?? ''), cwd: String(row.cwd ?? '') });
  }
}
