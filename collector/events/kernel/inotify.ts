/**
 * inotify(7) for the file event tables: a non-blocking inotify instance whose events are read and parsed in C on
 * Node's event loop (a libuv poll handle, no thread) and delivered in batches. close() releases the descriptor and
 * the loop handle, so the process can exit.
 */
import { OspreyError, type ErrorCode } from '../../../common/errors.js';
import { eventsAddon, type NativeHandle } from './addon.js';

export interface InotifyEvent {
  /** The watch descriptor addWatch returned. */
  wd: number;
  /** IN_* bits. */
  mask: number;
  /** Pairs IN_MOVED_FROM with IN_MOVED_TO of one rename; 0 otherwise. */
  cookie: number;
  /** The entry inside a watched directory; '' for an event on the watched path itself. */
  name: string;
}

/** The kernel's IN_* values (linux/inotify.h). */
export const IN = {
  ACCESS: 0x00000001,
  MODIFY: 0x00000002,
  ATTRIB: 0x00000004,
  CLOSE_WRITE: 0x00000008,
  CLOSE_NOWRITE: 0x00000010,
  OPEN: 0x00000020,
  MOVED_FROM: 0x00000040,
  MOVED_TO: 0x00000080,
  CREATE: 0x00000100,
  DELETE: 0x00000200,
  DELETE_SELF: 0x00000400,
  MOVE_SELF: 0x00000800,
  UNMOUNT: 0x00002000,
  Q_OVERFLOW: 0x00004000,
  IGNORED: 0x00008000,
  ONLYDIR: 0x01000000,
  DONT_FOLLOW: 0x02000000,
  EXCL_UNLINK: 0x04000000,
  MASK_ADD: 0x20000000,
  ISDIR: 0x40000000,
  ONESHOT: 0x80000000,
} as const;

function errorCodeOf(errno: string | undefined): ErrorCode {
  if (errno === 'ENOENT' || errno === 'ENOTDIR') return 'NOT_FOUND';
  if (errno === 'EACCES' || errno === 'EPERM') return 'PERMISSION_DENIED';
  return 'IO_ERROR';
}

/** Wraps a native errno error as an OspreyError that names the path and keeps errno as context.errno. */
function toInotifyError(err: unknown, what: string): OspreyError {
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  // ENOSPC is fs.inotify.max_user_watches (or max_user_instances for EMFILE): say which knob to turn.
  const hint =
    errno === 'ENOSPC'
      ? ' (the inotify watch limit is reached: raise fs.inotify.max_user_watches)'
      : errno === 'EMFILE'
        ? ' (the inotify instance limit is reached: raise fs.inotify.max_user_instances)'
        : '';
  return new OspreyError(errorCodeOf(errno), `inotify: cannot ${what}: ${detail}${hint}`, {
    cause: err,
    retriable: false,
    context: { errno },
  });
}

export class Inotify {
  #handle: NativeHandle | undefined;

  private constructor() {
    this.#handle = undefined;
  }

  /**
   * Opens an instance. `onEvents` gets each batch read from the kernel in order; `onError` gets read failures
   * (rare: the instance stays open). A throw from either reaches process 'uncaughtException' as from any callback.
   */
  static open(onEvents: (events: InotifyEvent[]) => void, onError?: (err: Error) => void): Inotify {
    const self = new Inotify();
    // A batch read in the same wakeup as close() is not delivered: close() means no more events.
    const deliver = (events: InotifyEvent[]): void => {
      if (!self.closed) onEvents(events);
    };
    const fail = (err: Error): void => {
      if (!self.closed) onError?.(toInotifyError(err, 'read events'));
    };
    try {
      self.#handle = eventsAddon().inotifyOpen(deliver, fail);
    } catch (err) {
      throw toInotifyError(err, 'open an instance');
    }
    return self;
  }

  /** Watches `path` for the IN_* bits in `mask`; returns the watch descriptor events carry. */
  addWatch(path: string, mask: number): number {
    try {
      return eventsAddon().inotifyAddWatch(this.#open(), path, mask >>> 0);
    } catch (err) {
      if (err instanceof OspreyError) throw err;
      throw toInotifyError(err, `watch ${path}`);
    }
  }

  /** Stops a watch; a watch the kernel already dropped (its file was deleted) is not an error. */
  removeWatch(wd: number): void {
    try {
      eventsAddon().inotifyRemoveWatch(this.#open(), wd);
    } catch (err) {
      if (err instanceof OspreyError) throw err;
      throw toInotifyError(err, `remove watch ${wd}`);
    }
  }

  /** Releases the instance; no event is delivered after this returns. Idempotent. */
  close(): void {
    if (this.#handle === undefined) return;
    const handle = this.#handle;
    this.#handle = undefined;
    eventsAddon().inotifyClose(handle);
  }

  get closed(): boolean {
    return this.#handle === undefined;
  }

  #open(): NativeHandle {
    if (this.#handle === undefined)
      throw new OspreyError('INTERNAL', 'inotify: the instance is closed.', { retriable: false });
    return this.#handle;
  }
}
