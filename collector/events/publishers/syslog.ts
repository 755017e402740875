/**
 * osquery's `syslog` publisher for syslog_events (--enable_syslog): rsyslog writes each message as one CSV line
 * (syslog-csv.ts) into the named pipe at --syslog_pipe_path. As osquery, it creates the pipe when missing (mode 0460,
 * group `syslog` when that group exists), takes an exclusive flock so only one agent reads it, and opens it
 * read-write and non-blocking (a read-write open neither waits for a writer nor sees end-of-file when rsyslog
 * restarts). The descriptor is read through libuv's pipe handle, so reading never blocks the event loop.
 */
import { closeSync, chownSync, constants, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Logger } from '../../../common/logger.js';
import { messageOf } from '../../../common/errors.js';
import type { Row } from '../../engine/spec.js';
import { eventsAddon } from '../kernel/addon.js';
import type { EventPublisher, PublisherContext, PublisherState } from '../types.js';
import { flagOn } from './flags.js';
import { syslogRow } from './syslog-csv.js';

const TABLE = 'syslog_events';
const DEFAULT_PIPE = '/var/osquery/syslog_pipe';
/** rsyslog (group syslog) writes, the agent reads. */
const PIPE_MODE = 0o460;
/** osquery stops the publisher after this many unparsed lines (each good line takes one back). */
const ERROR_THRESHOLD = 10;
/** A line longer than this without a newline is dropped (osquery: "Too much data"). */
const MAX_LINE_BYTES = 1 << 20;

function groupId(name: string): number | undefined {
  try {
    const line = readFileSync('/etc/group', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${name}:`));
    const gid = Number(line?.split(':')[2]);
    return line !== undefined && Number.isInteger(gid) ? gid : undefined;
  } catch {
    return undefined;
  }
}

/** mkfifo with osquery's mode and group; a failure is a warning, as osquery only checks the path is a FIFO next. */
function createPipe(path: string, log: Logger): void {
  try {
    eventsAddon().fifoCreate(path, PIPE_MODE);
    const gid = groupId('syslog');
    if (gid !== undefined) chownSync(path, -1, gid);
  } catch (err) {
    log.warn({ err }, `Problems encountered creating pipe: ${messageOf(err)}`);
  }
}

export class SyslogPublisher implements EventPublisher {
  readonly name = 'syslog';
  readonly tables = [TABLE] as const;
  #socket: Socket | undefined;
  #lockFd: number | undefined;
  #pending = Buffer.alloc(0);
  #errors = 0;
  #count = 0;
  #log: Logger | undefined;

  async start(ctx: PublisherContext): Promise<PublisherState> {
    if (flagOn(ctx, 'disable_events')) return { state: 'disabled', reason: '--disable_events is true' };
    if (!flagOn(ctx, 'enable_syslog')) return { state: 'disabled', reason: '--enable_syslog is false' };
    if (this.#socket !== undefined) return { state: 'running', subscriptions: 1 };
    const log = ctx.log.child({ component: 'syslog' });
    this.#log = log;
    const path = ctx.flag('syslog_pipe_path') ?? DEFAULT_PIPE;
    if (!existsSync(path)) createPipe(path, log);
    let fifo = false;
    try {
      fifo = statSync(path).isFIFO();
    } catch {
      // missing: reported below
    }
    if (!fifo) return { state: 'disabled', reason: `Not a FIFO file: ${path}` };
    try {
      const lock = this.#lock(path);
      if (lock !== undefined) return { state: 'failed', reason: lock };
      const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
      this.#socket = new Socket({ fd, readable: true, writable: false });
    } catch (err) {
      await this.stop();
      return { state: 'failed', reason: `Error opening stream for reading: ${path}: ${messageOf(err)}` };
    }
    this.#socket.on('data', (chunk: Buffer) => this.#onData(ctx, chunk));
    this.#socket.on('error', (err) => log.error({ err }, 'Reading the syslog pipe failed; syslog_events stops.'));
    this.#socket.unref();
    return { state: 'running', subscriptions: 1, detail: `reading ${path}` };
  }

  stats(): { events: number; refreshes: number } {
    return { events: this.#count, refreshes: 0 };
  }

  async stop(): Promise<void> {
    this.#socket?.destroy();
    this.#socket = undefined;
    if (this.#lockFd !== undefined) closeSync(this.#lockFd); // closing the descriptor releases the flock
    this.#lockFd = undefined;
    this.#pending = Buffer.alloc(0);
  }

  /** Takes the pipe's lock; returns why it could not. */
  #lock(path: string): string | undefined {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!eventsAddon().flockExclusive(fd)) {
      closeSync(fd);
      return `Unable to acquire pipe lock: ${path} is read by another process`;
    }
    this.#lockFd = fd;
    return undefined;
  }

  #onData(ctx: PublisherContext, chunk: Buffer): void {
    let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    const rows: Row[] = [];
    for (let end = data.indexOf(0x0a); end >= 0; end = data.indexOf(0x0a)) {
      const line = data.subarray(0, end).toString('utf8');
      data = data.subarray(end + 1);
      if (line !== '') this.#parse(line, rows);
    }
    this.#pending = data.length > MAX_LINE_BYTES ? Buffer.alloc(0) : Buffer.from(data);
    this.#count += rows.length;
    if (rows.length > 0) ctx.sink.add(TABLE, rows);
  }

  #parse(line: string, rows: Row[]): void {
    const row = syslogRow(line);
    if (typeof row !== 'string') {
      rows.push(row);
      if (this.#errors > 0) this.#errors -= 1;
      return;
    }
    this.#log?.error(`${row} in line: ${line}`);
    this.#errors += 1;
    if (this.#errors >= ERROR_THRESHOLD) {
      this.#log?.error('Too many errors in syslog parsing; syslog_events stops.');
      void this.stop();
    }
  }
}
