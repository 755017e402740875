/**
 * The kernel event sources in Osprey's native addon (native/inotify.c, native/netlink.c, native/fanotify.c,
 * native/uevent.c, native/fifo.c). Loaded with a plain require rather than engine/native.ts's loadAddon, as event
 * sources need no SQL dispatcher.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { OspreyError } from '../../../common/errors.js';
import { ADDON_PATH } from '../../engine/native.js';

/** An opaque native handle (a napi external). */
export type NativeHandle = { readonly __native: unique symbol };

/** One struct inotify_event, parsed in C. */
export interface RawInotifyEvent {
  wd: number;
  mask: number;
  cookie: number;
  name: string;
}

/** One proc connector event as native/proc_events.c delivers it (exe..auid only for exec). */
export interface RawProcEvent {
  what: 'exec' | 'fork' | 'exit';
  pid: number;
  tgid: number;
  ppid: number;
  ptgid: number;
  /** The kernel's task exit_code: a wait(2) status. */
  exitCode: number;
  exitSignal: number;
  /** CLOCK_MONOTONIC nanoseconds. */
  time: number;
  exe?: string;
  /** Where exe was read: the file execve opened (fanotify) or /proc/<pid>/exe. */
  exeSource?: 'fanotify' | 'proc';
  cwd?: string;
  /** argv joined by NULs, as /proc/<pid>/cmdline. */
  cmdline?: string;
  uid?: number;
  euid?: number;
  suid?: number;
  fsuid?: number;
  gid?: number;
  egid?: number;
  sgid?: number;
  fsgid?: number;
  /** /proc/<pid>/loginuid (4294967295 when unset). */
  auid?: number;
}

/** One audit record: its type number and text (`audit(1700000000.123:42): key=value ...`). */
export interface RawAuditRecord {
  type: number;
  text: string;
}

/** Called per batch read by the native reader thread; `lost` counts kernel drops (ENOBUFS), `error` ends reading. */
export type BatchCallback<T> = (records: T[], lost: number, error: Error | null) => void;

/** The proc connector's batches also count exec opens fanotify dropped (FAN_Q_OVERFLOW); 0 without fanotify. */
export type ProcBatchCallback = (records: RawProcEvent[], lost: number, error: Error | null, execLost: number) => void;

/** fanotifyExecOpen's group: its descriptor, the filesystems marked, and marks that failed (`path: reason (CODE)`). */
export interface RawExecWatch {
  fd: number;
  marked: number;
  failures: string[];
}

export interface EventsAddon {
  inotifyOpen(onEvents: (events: RawInotifyEvent[]) => void, onError: (err: Error) => void): NativeHandle;
  inotifyAddWatch(handle: NativeHandle, path: string, mask: number): number;
  inotifyRemoveWatch(handle: NativeHandle, wd: number): void;
  inotifyClose(handle: NativeHandle): void;
  /** `fanotifyFd` (from fanotifyExecOpen) is owned by the connector from the call on, even when it throws. */
  procConnectorOpen(onBatch: ProcBatchCallback, fanotifyFd?: number): NativeHandle;
  /** Throws (EPERM without CAP_SYS_ADMIN) when the group or every mark fails. */
  fanotifyExecOpen(paths: string[]): RawExecWatch;
  auditOpen(): NativeHandle;
  auditRequest(handle: NativeHandle, type: number, payload: Buffer, wantReply: boolean): Buffer | null;
  auditStart(handle: NativeHandle, onBatch: BatchCallback<RawAuditRecord>): void;
  /** NETLINK_KOBJECT_UEVENT (group 1 kernel, 2 udevd); each record's text is NUL-separated KEY=VALUE properties. */
  ueventOpen(group: number, onBatch: BatchCallback<RawAuditRecord>): NativeHandle;
  netlinkClose(handle: NativeHandle): void;
  /** mkfifo(path, mode) and chmod(path, mode) (native/fifo.c); throws the errno error. */
  fifoCreate(path: string, mode: number): void;
  /** flock(fd, LOCK_EX | LOCK_NB): false when another process holds the lock. */
  flockExclusive(fd: number): boolean;
}

let addon: EventsAddon | undefined;

export function eventsAddon(): EventsAddon {
  if (addon) return addon;
  if (!existsSync(ADDON_PATH)) {
    throw new OspreyError('INTERNAL', `The native addon is not built (${ADDON_PATH} is missing): run npm install.`);
  }
  addon = createRequire(import.meta.url)(ADDON_PATH) as EventsAddon;
  return addon;
}
