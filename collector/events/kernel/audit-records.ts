/**
 * Audit record text as the kernel sends it (`audit(1796408238.303:9): arch=c000003e syscall=42 ... exe="/usr/bin/x"`)
 * parsed into fields, and records grouped into events by their serial: one syscall produces SYSCALL, SOCKADDR,
 * CWD, PATH, PROCTITLE ... records with the same `audit(time:serial)` stamp, closed by an EOE record.
 */
import { AUDIT } from './audit.js';

export interface AuditRecord {
  type: number;
  /** UNIX seconds with milliseconds, from the stamp. */
  time: number;
  serial: number;
  fields: Map<string, string>;
  /** The record's whole text as the kernel sent it (selinux_events and apparmor_events report it as `message`). */
  text: string;
}

export interface AuditEvent {
  time: number;
  serial: number;
  records: AuditRecord[];
}

const STAMP = /^audit\((\d+)\.(\d+):(\d+)\):\s*/;
/** Keys include brackets: EXECVE records split a long argument into `a1[0]=... a1[1]=...`. */
const FIELD = /([A-Za-z0-9_[\]-]+)=("[^"]*"|\S*)/g;

/** Parses one record; null when the text has no audit stamp (not a record this reads). */
export function parseAuditRecord(type: number, text: string): AuditRecord | null {
  const stamp = STAMP.exec(text);
  if (stamp === null) return null;
  const fields = new Map<string, string>();
  const body = text.slice(stamp[0].length);
  for (const match of body.matchAll(FIELD)) {
    const [, key, value] = match;
    if (key !== undefined && value !== undefined && !fields.has(key)) fields.set(key, value);
  }
  return { type, time: Number(`${stamp[1]}.${stamp[2]}`), serial: Number(stamp[3]), fields, text };
}

/**
 * A string field: quoted text as is, or the hex encoding audit uses for strings with spaces or control
 * characters (`exe=2F746D702F61206220` is "/tmp/a b "). `(null)` and absent fields are ''.
 */
export function auditString(raw: string | undefined): string {
  if (raw === undefined || raw === '(null)') return '';
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) return raw.slice(1, -1);
  if (/^(?:[0-9A-Fa-f]{2})+$/.test(raw)) return Buffer.from(raw, 'hex').toString('utf8');
  return raw;
}

/** Groups records into events: an event is complete at its EOE, or when it is older than `maxAgeMs`. */
export class AuditAssembler {
  readonly #open = new Map<number, { event: AuditEvent; seenAt: number }>();
  readonly #maxAgeMs: number;

  constructor(maxAgeMs = 2000) {
    this.#maxAgeMs = maxAgeMs;
  }

  /** Adds records; returns the events they completed, oldest first. */
  add(records: readonly AuditRecord[], now = Date.now()): AuditEvent[] {
    const done: AuditEvent[] = [];
    for (const record of records) {
      const open = this.#open.get(record.serial);
      if (record.type === AUDIT.EOE) {
        if (open !== undefined) {
          this.#open.delete(record.serial);
          done.push(open.event);
        }
        continue;
      }
      if (open !== undefined) open.event.records.push(record);
      else
        this.#open.set(record.serial, {
          event: { time: record.time, serial: record.serial, records: [record] },
          seenAt: now,
        });
    }
    return done.concat(this.flush(now));
  }

  /** Events whose EOE never came (single-record events, or a lost EOE) once they are old enough. */
  flush(now = Date.now(), all = false): AuditEvent[] {
    const done: AuditEvent[] = [];
    for (const [serial, open] of this.#open) {
      if (all || now - open.seenAt >= this.#maxAgeMs) {
        this.#open.delete(serial);
        done.push(open.event);
      }
    }
    return done;
  }

  get pending(): number {
    return this.#open.size;
  }
}
