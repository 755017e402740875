/**
 * Device events over NETLINK_KOBJECT_UEVENT (native/uevent.c): the kernel's own (group 1), or udevd's after its
 * rules and hwdb added ID_* properties (group 2), as NUL-separated KEY=VALUE properties per event.
 */
import { eventsAddon, type NativeHandle } from './addon.js';

export const UEVENT_GROUP = { kernel: 1, udev: 2 } as const;

/** One uevent's properties (ACTION, DEVPATH, SUBSYSTEM, DEVTYPE, DEVNAME, DRIVER, ID_* ...). */
export type Uevent = ReadonlyMap<string, string>;

/** Parses one event's properties; the kernel's leading `action@devpath` has no `=` and is skipped. */
export function parseUevent(text: string): Uevent {
  const properties = new Map<string, string>();
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) properties.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return properties;
}

export class UeventSocket {
  #handle: NativeHandle | undefined;
  readonly #onClose: () => void;

  private constructor(handle: NativeHandle, onClose: () => void) {
    this.#handle = handle;
    this.#onClose = onClose;
  }

  /** Throws the errno error of socket or bind (EPROTONOSUPPORT without the kernel option). */
  static open(group: number, onEvents: (events: Uevent[], lost: number, error: Error | null) => void): UeventSocket {
    let open = true;
    const handle = eventsAddon().ueventOpen(group, (records, lost, error) => {
      // Batches already queued when close() ran are dropped.
      if (open)
        onEvents(
          records.map((r) => parseUevent(r.text)),
          lost,
          error,
        );
    });
    return new UeventSocket(handle, () => (open = false));
  }

  close(): void {
    if (this.#handle === undefined) return;
    const handle = this.#handle;
    this.#handle = undefined;
    this.#onClose();
    eventsAddon().netlinkClose(handle);
  }
}
