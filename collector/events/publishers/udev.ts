/**
 * osquery's `udev` publisher for hardware_events: device add, remove, change, bind ... events over
 * NETLINK_KOBJECT_UEVENT. Where udevd runs (/run/udev/control exists) it reads udevd's events, which carry the hwdb
 * names osquery reports (ID_VENDOR_FROM_DATABASE ...); elsewhere the kernel's own, with ids from PRODUCT/PCI_ID.
 */
import { existsSync } from 'node:fs';
import type { Logger } from '../../../common/logger.js';
import { messageOf } from '../../../common/errors.js';
import type { Row } from '../../engine/spec.js';
import { UEVENT_GROUP, UeventSocket, type Uevent } from '../kernel/uevent.js';
import type { EventPublisher, PublisherContext, PublisherState } from '../types.js';
import { flagOn } from './flags.js';
import { hardwareRow } from './hardware-row.js';

const TABLE = 'hardware_events';
const UDEVD_CONTROL = '/run/udev/control';

export class UdevPublisher implements EventPublisher {
  readonly name = 'udev';
  readonly tables = [TABLE] as const;
  #socket: UeventSocket | undefined;
  #count = 0;
  #log: Logger | undefined;
  #disabledTypes = 'partition';

  async start(ctx: PublisherContext): Promise<PublisherState> {
    if (flagOn(ctx, 'disable_events')) return { state: 'disabled', reason: '--disable_events is true' };
    if (this.#socket !== undefined) return { state: 'running', subscriptions: 1 };
    this.#log = ctx.log.child({ component: 'udev' });
    const fromUdevd = existsSync(UDEVD_CONTROL);
    this.#disabledTypes = ctx.flag('hardware_disabled_types') ?? 'partition';
    try {
      this.#socket = UeventSocket.open(fromUdevd ? UEVENT_GROUP.udev : UEVENT_GROUP.kernel, (events, lost, error) =>
        this.#onEvents(ctx, events, lost, error),
      );
    } catch (err) {
      return { state: 'disabled', reason: `NETLINK_KOBJECT_UEVENT: ${messageOf(err)}` };
    }
    return {
      state: 'running',
      subscriptions: 1,
      detail: fromUdevd ? 'events from udevd' : 'kernel uevents (udevd is not running)',
    };
  }

  stats(): { events: number; refreshes: number } {
    return { events: this.#count, refreshes: 0 };
  }

  async stop(): Promise<void> {
    this.#socket?.close();
    this.#socket = undefined;
  }

  #onEvents(ctx: PublisherContext, events: Uevent[], lost: number, error: Error | null): void {
    if (lost > 0) this.#log?.warn({ lost }, 'Device events were dropped: the uevent socket buffer overflowed.');
    const rows = events.map((e) => hardwareRow(e, this.#disabledTypes)).filter((r): r is Row => r !== null);
    this.#count += rows.length;
    if (rows.length > 0) ctx.sink.add(TABLE, rows);
    if (error !== null) this.#log?.error({ err: error }, 'Reading device events failed; hardware_events stops.');
  }
}
