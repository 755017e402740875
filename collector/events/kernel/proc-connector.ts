/**
 * The netlink proc connector (NETLINK_CONNECTOR, CN_IDX_PROC): exec, fork and exit of every process on the host,
 * as the kernel reports them. A native thread reads the socket and, for exec, reads /proc/<pid>/{exe,
 * cmdline,cwd,status,loginuid} within microseconds, so short-lived processes keep their path and command line.
 */
import { OspreyError } from '../../../common/errors.js';
import { eventsAddon, type NativeHandle, type RawProcEvent } from './addon.js';

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
  cwd?: string;
  argv?: string[];
  /** The audit (login) uid; 4294967295 when unset. */
  auid?: number;
  ids?: { uid: number; euid: number; suid: number; fsuid: number; gid: number; egid: number; sgid: number; fsgid: number };
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
  /** Reading failed; the connector is closed. */
  onError?(err: Error): void;
}

export class ProcConnector {
  #handle: NativeHandle | undefined;

  private constructor() {
    this.#handle = undefined;
  }

  /** Joins the proc connector group; throws ProcConnectorError (EPERM without privilege). */
  static open(handlers: ProcConnectorHandlers): ProcConnector {
    const self = new ProcConnector();
    const onBatch = (records: RawProcEvent[], lost: number, error: Error | null): void => {
      if (self.closed) return;
      if (lost > 0) handlers.onLost?.(lost);
      if (records.length > 0) handlers.onEvents(records.map(toProcEvent));
      if (error !== null) {
        self.close();
        handlers.onError?.(new ProcConnectorError(error));
      }
    };
    try {
      self.#handle = eventsAddon().procConnectorOpen(onBatch);
    } catch (err) {
      throw new ProcConnectorError(err);
    }
    return self;
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
