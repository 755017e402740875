/**
 * The kernel audit subsystem over NETLINK_AUDIT, as auditd talks to it: read the status, become the audit daemon
 * (AUDIT_SET pid), add and delete syscall rules (struct audit_rule_data), and receive records on a native reader
 * thread. Requests go over their own socket so they never race the reader for replies.
 */
import { OspreyError } from '../../../common/errors.js';
import { eventsAddon, type NativeHandle, type RawAuditRecord } from './addon.js';

/** linux/audit.h message types and constants used here. */
export const AUDIT = {
  GET: 1000,
  SET: 1001,
  ADD_RULE: 1011,
  DEL_RULE: 1012,
  SYSCALL: 1300,
  PATH: 1302,
  SOCKADDR: 1306,
  CWD: 1307,
  EOE: 1320,
  PROCTITLE: 1327,
  STATUS_ENABLED: 0x1,
  STATUS_PID: 0x4,
  STATUS_BACKLOG_LIMIT: 0x10,
  STATUS_BACKLOG_WAIT_TIME: 0x20,
  FILTER_EXIT: 0x04,
  ALWAYS: 2,
  FIELD_PID: 0,
  FIELD_ARCH: 11,
  FIELD_FILTERKEY: 210,
  OP_EQUAL: 0x40000000,
  OP_NOT_EQUAL: 0x30000000,
} as const;

export const AUDIT_ARCH = { x86_64: 0xc000003e, aarch64: 0xc00000b7 } as const;

export interface AuditStatus {
  enabled: number;
  failure: number;
  pid: number;
  rateLimit: number;
  backlogLimit: number;
  lost: number;
  backlog: number;
  backlogWaitTime: number;
}

const STATUS_WORDS = 10;
const BITMASK_WORDS = 64;
const MAX_FIELDS = 64;

export function decodeStatus(buf: Buffer): AuditStatus {
  const padded = Buffer.alloc(STATUS_WORDS * 4);
  buf.copy(padded, 0, 0, Math.min(buf.length, padded.length));
  const word = (i: number): number => padded.readUInt32LE(i * 4);
  return {
    enabled: word(1),
    failure: word(2),
    pid: word(3),
    rateLimit: word(4),
    backlogLimit: word(5),
    lost: word(6),
    backlog: word(7),
    backlogWaitTime: word(9),
  };
}

/** struct audit_status with the given mask; fields not in the mask are ignored by the kernel. */
export function encodeStatus(mask: number, values: Partial<AuditStatus>): Buffer {
  const buf = Buffer.alloc(STATUS_WORDS * 4);
  buf.writeUInt32LE(mask >>> 0, 0);
  buf.writeUInt32LE(values.enabled ?? 0, 4);
  buf.writeUInt32LE(values.failure ?? 0, 8);
  buf.writeUInt32LE(values.pid ?? 0, 12);
  buf.writeUInt32LE(values.rateLimit ?? 0, 16);
  buf.writeUInt32LE(values.backlogLimit ?? 0, 20);
  buf.writeUInt32LE(values.backlogWaitTime ?? 0, 36);
  return buf;
}

/**
 * struct audit_rule_data for `-a always,exit -F arch=<arch> -S <syscalls> -k <key>`: little-endian, as the kernel
 * reads it on both architectures this supports. `exceptPid` adds `-F pid!=<pid>` (the agent's own calls).
 */
export function syscallRule(arch: number, syscalls: readonly number[], key: string, exceptPid?: number): Buffer {
  const keyBytes = Buffer.from(key, 'utf8');
  const buf = Buffer.alloc(4 * (3 + BITMASK_WORDS + 4 * MAX_FIELDS + 1) + keyBytes.length);
  let at = 0;
  const put = (value: number): void => {
    buf.writeUInt32LE(value >>> 0, at);
    at += 4;
  };
  put(AUDIT.FILTER_EXIT);
  put(AUDIT.ALWAYS);
  const pidField =
    exceptPid === undefined ? [] : [{ field: AUDIT.FIELD_PID, value: exceptPid, op: AUDIT.OP_NOT_EQUAL }];
  const fields = [{ field: AUDIT.FIELD_ARCH, value: arch, op: AUDIT.OP_EQUAL }, ...pidField];
  put(fields.length + 1); // field_count: those and the key
  const mask = new Array<number>(BITMASK_WORDS).fill(0);
  for (const nr of syscalls) mask[nr >> 5] = ((mask[nr >> 5] ?? 0) | (1 << (nr & 31))) >>> 0;
  mask.forEach(put);
  const columns = (values: readonly number[]): void => {
    values.forEach(put);
    for (let i = values.length; i < MAX_FIELDS; i++) put(0);
  };
  columns([...fields.map((f) => f.field), AUDIT.FIELD_FILTERKEY]); // fields
  columns([...fields.map((f) => f.value), keyBytes.length]); // values (the key's value is its length; its bytes go in buf)
  columns([...fields.map((f) => f.op), AUDIT.OP_EQUAL]); // fieldflags
  put(keyBytes.length);
  keyBytes.copy(buf, at);
  return buf;
}

/** Audit could not be used: `errno` is the kernel's answer; the message names NETLINK_AUDIT and the step. */
export class AuditError extends OspreyError {
  readonly errno: string;
  constructor(step: string, cause: unknown) {
    const errno = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'EUNKNOWN';
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      errno === 'EPERM' || errno === 'EACCES' ? 'PERMISSION_DENIED' : 'IO_ERROR',
      `NETLINK_AUDIT: ${step}: ${detail}`,
      {
        cause,
        retriable: false,
        context: { errno, step },
      },
    );
    this.name = 'AuditError';
    this.errno = errno;
  }
}

/** One NETLINK_AUDIT socket: requests until start(), then only records. */
export class AuditSocket {
  #handle: NativeHandle | undefined;

  private constructor(handle: NativeHandle) {
    this.#handle = handle;
  }

  static open(): AuditSocket {
    try {
      return new AuditSocket(eventsAddon().auditOpen());
    } catch (err) {
      throw new AuditError('open', err);
    }
  }

  status(): AuditStatus {
    const reply = this.#request('AUDIT_GET', AUDIT.GET, Buffer.alloc(0), true);
    if (reply === null) throw new AuditError('AUDIT_GET', new Error('no status reply'));
    return decodeStatus(reply);
  }

  setStatus(mask: number, values: Partial<AuditStatus>): void {
    this.#request('AUDIT_SET', AUDIT.SET, encodeStatus(mask, values), false);
  }

  addRule(rule: Buffer): void {
    this.#request('AUDIT_ADD_RULE', AUDIT.ADD_RULE, rule, false);
  }

  deleteRule(rule: Buffer): void {
    this.#request('AUDIT_DEL_RULE', AUDIT.DEL_RULE, rule, false);
  }

  /**
   * Sends a user-space message (a type in 1100-1199, as PAM's USER_AUTH): the kernel logs it, as
   * `pid=.. uid=.. auid=.. ses=.. msg='<text>'`, to the audit daemon. Needs CAP_AUDIT_WRITE.
   */
  userMessage(type: number, text: string): void {
    this.#request('AUDIT_USER', type, Buffer.from(`${text}\0`, 'utf8'), false);
  }

  /** Starts reading records; after this the socket takes no requests. */
  start(onBatch: (records: RawAuditRecord[], lost: number, error: Error | null) => void): void {
    const handle = this.#open();
    eventsAddon().auditStart(handle, (records, lost, error) => {
      if (this.#handle !== undefined) onBatch(records, lost, error);
    });
  }

  close(): void {
    if (this.#handle === undefined) return;
    const handle = this.#handle;
    this.#handle = undefined;
    eventsAddon().netlinkClose(handle);
  }

  #request(step: string, type: number, payload: Buffer, wantReply: boolean): Buffer | null {
    try {
      return eventsAddon().auditRequest(this.#open(), type, payload, wantReply);
    } catch (err) {
      throw new AuditError(step, err);
    }
  }

  #open(): NativeHandle {
    if (this.#handle === undefined)
      throw new OspreyError('INTERNAL', 'NETLINK_AUDIT: the socket is closed.', { retriable: false });
    return this.#handle;
  }
}
