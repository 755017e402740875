/**
 * The netlink proc connector (NETLINK_CONNECTOR, CN_IDX_PROC): exec, fork and exit of every process on the host,
 * as the kernel reports them. A native thread reads the socket and, for exec, reads /proc/<pid>/{cmdline,exe,
 * cwd,status,loginuid} within microseconds. A process can still exit first; its path then comes from fanotify
 * FAN_OPEN_EXEC (fanotify-exec.ts), which names the exec'd file during execve, joined in the same thread by pid.
 */
import { OspreyError } from '../../../common/errors.js';
import { eventsAddon, type NativeHandle, type ProcBatchCallback, type RawProcEvent } from './addon.js';
import { openExecWatch } from './fanotify-exec.js';

export interface ProcEvent {
  what: 'exec' | 'fork' | 'exit';
  pid: number;
  tgid: number;
  /** The parent's thread id (fork), or its pid from /proc status (exec); -1 when unknown. */
  ppid: number;
  /** The parent process (thread group) id; -1 when unknown. */
  ptgid: number;
  /** exit: the status passed to exit(2), or 128 + signal when a signal ended it (as a shell reports it). */
  exitCode: number;
  /** CLOCK_MONOTONIC nanoseconds (the kernel's timestamp of the event). */
  time: number;
  /** exec only, when the process was still there to read (fork rows take the parent image in the publisher): */
  exe?: string;
  /** Where exe was read: fanotify (the file execve opened, whether or not the process is still there) or /proc. */
  exeSource?: 'fanotify' | 'proc';
  cwd?: string;
  argv?: string[];
  /** The audit (login) uid; 4294967295 when unset. */
  auid?: number;
  ids?: {
    uid: number;
    euid: number;
    suid: number;
    fsuid: number;
    gid: number;
    egid: number;
    sgid: number;
    fsgid: number;
  };
}

function argvOf(cmdline: string | undefined): string[] | undefined {
  if (cmdline === undefined) return undefined;
  const parts = cmdline.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

/** A wait(2) status as a shell's $?. */
function exitCodeOf(status: number): number {
  const signal = status & 0x7f;
  return signal === 0 ? (status >> 8) & 0xff : 128 + signal;
}

export function toProcEvent(raw: RawProcEvent): ProcEvent {
  const event: ProcEvent = {
    what: raw.what,
    pid: raw.pid,
    tgid: raw.tgid,
    ppid: raw.ppid,
    ptgid: raw.ptgid,
    exitCode: raw.what === 'exit' ? exitCodeOf(raw.exitCode) : 0,
    time: raw.time,
  };
  if (raw.exe !== undefined) event.exe = raw.exe;
  if (raw.exeSource !== undefined) event.exeSource = raw.exeSource;
  if (raw.cwd !== undefined) event.cwd = raw.cwd;
  const argv = argvOf(raw.cmdline);
  if (argv !== undefined) event.argv = argv;
  if (raw.auid !== undefined) event.auid = raw.auid;
  if (raw.uid !== undefined) {
    event.ids = {
      uid: raw.uid,
      euid: raw.euid ?? -1,
      suid: raw.suid ?? -1,
      fsuid: raw.fsuid ?? -1,
      gid: raw.gid ?? -1,
      egid: raw.egid ?? -1,
      sgid: raw.sgid ?? -1,
      fsgid: raw.fsgid ?? -1,
    };
  }
  return event;
}

/** The proc connector could not be opened: `errno` is the kernel's answer (EPERM without CAP_NET_ADMIN). */
export class ProcConnectorError extends OspreyError {
  readonly errno: string;
  constructor(cause: unknown) {
    const errno = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'EUNKNOWN';
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(errno === 'EPERM' || errno === 'EACCES' ? 'PERMISSION_DENIED' : 'IO_ERROR', `NETLINK_CONNECTOR: ${detail}`, {
      cause,
      retriable: false,
      context: { errno },
    });
    this.name = 'ProcConnectorError';
    this.errno = errno;
  }
}

export interface ProcConnectorHandlers {
  onEvents(events: ProcEvent[]): void;
  /** The kernel dropped `count` messages (the socket buffer overflowed in a burst). */
  onLost?(count: number): void;
  /** fanotify's queue overflowed `count` times: some execs have their path only if /proc was still readable. */
  onExecLost?(count: number): void;
  /** Reading failed; the connector is closed. */
  onError?(err: Error): void;
}

/** Where exec paths come from: fanotify as well as /proc, or /proc alone and why (`FANOTIFY: ... (EPERM)`). */
export type ExecPathSource =
  | { readonly source: 'fanotify'; readonly filesystems: number; readonly failures: readonly string[] }
  | { readonly source: 'proc'; readonly reason: string };

export interface ProcConnectorOptions {
  /** Watch execs with fanotify (default true; needs CAP_SYS_ADMIN, else /proc alone). */
  readonly fanotify?: boolean;
}

export class ProcConnector {
  #handle: NativeHandle | undefined;
  #execPaths: ExecPathSource = { source: 'proc', reason: 'fanotify not requested' };

  private constructor() {
    this.#handle = undefined;
  }

  /** Joins the proc connector group; throws ProcConnectorError (EPERM without privilege). */
  static open(handlers: ProcConnectorHandlers, options: ProcConnectorOptions = {}): ProcConnector {
    const self = new ProcConnector();
    const onBatch: ProcBatchCallback = (records, lost, error, execLost) => {
      if (self.closed) return;
      if (lost > 0) handlers.onLost?.(lost);
      if (execLost > 0) handlers.onExecLost?.(execLost);
      if (records.length > 0) handlers.onEvents(records.map(toProcEvent));
      if (error !== null) {
        self.close();
        handlers.onError?.(new ProcConnectorError(error));
      }
    };
    const watch = options.fanotify === false ? undefined : openExecWatch();
    if (watch?.state === 'fanotify')
      self.#execPaths = { source: 'fanotify', filesystems: watch.marked, failures: watch.failures };
    else if (watch?.state === 'unavailable') self.#execPaths = { source: 'proc', reason: watch.reason };
    try {
      // The connector owns the fanotify descriptor from here, and closes it if opening fails.
      const addon = eventsAddon();
      self.#handle =
        watch?.state === 'fanotify' ? addon.procConnectorOpen(onBatch, watch.fd) : addon.procConnectorOpen(onBatch);
    } catch (err) {
      throw new ProcConnectorError(err);
    }
    return self;
  }

  /** Where exec paths come from (fanotify and /proc, or /proc alone with the reason). */
  get execPaths(): ExecPathSource {
    return this.#execPaths;
  }

  get closed(): boolean {
    return this.#handle === undefined;
  }

  /** Leaves the group and stops the reader thread; nothing is delivered after this returns. Idempotent. */
  close(): void {
    if (this.#handle === undefined) return;
    const handle = this.#handle;
    this.#handle = undefined;
    eventsAddon().netlinkClose(handle);
  }
}
