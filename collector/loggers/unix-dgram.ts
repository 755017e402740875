/**
 * UNIX datagram sockets through Osprey's native addon (Node has none): what syslog(3) uses to reach /dev/log.
 */
import { createRequire } from 'node:module';
import { ADDON_PATH } from '../engine/native.js';

interface DgramAddon {
  unixDgramSend(path: string, data: Buffer): void;
  unixDgramBind(path: string): number;
  unixDgramReceive(fd: number): Buffer | null;
  unixDgramClose(fd: number): void;
}

let addon: DgramAddon | undefined;

function native(): DgramAddon {
  addon ??= createRequire(import.meta.url)(ADDON_PATH) as DgramAddon;
  return addon;
}

/** Sends one datagram; throws (with errno text and the path) if the socket is missing or full. */
export function sendDatagram(path: string, data: Buffer): void {
  native().unixDgramSend(path, data);
}

/** A bound receiving socket, read without blocking. */
export class DatagramReceiver {
  readonly #fd: number;

  constructor(path: string) {
    this.#fd = native().unixDgramBind(path);
  }

  /** Every datagram waiting now. */
  drain(): Buffer[] {
    const out: Buffer[] = [];
    for (let d = native().unixDgramReceive(this.#fd); d !== null; d = native().unixDgramReceive(this.#fd)) out.push(d);
    return out;
  }

  close(): void {
    native().unixDgramClose(this.#fd);
  }
}
