/**
 * Status logs (osquery's glog lines, docs/osquery-compatibility.md §5.1): written to the daemon's pino log at once and queued for the
 * logger plugins with the result records, so status logs reach the filesystem, syslog and Kafka plugins through the
 * same durable queue. Messages keep osquery's wording where osquery has one, so existing alerts still match.
 */
import type { Logger } from '../../common/logger.js';
import { calendarTime } from '../loggers/format.js';
import type { LogPayload, StatusRecord } from '../loggers/types.js';

export type Severity = 0 | 1 | 2 | 3;

export interface StatusSink {
  append(payloads: readonly LogPayload[]): unknown;
}

export interface StatusContext {
  readonly log: Logger;
  readonly sink: StatusSink;
  readonly hostIdentifier: () => string;
  readonly decorations: () => Readonly<Record<string, string>>;
  readonly version: string;
  readonly minStatus: () => number;
}

export class StatusLog {
  readonly #ctx: StatusContext;

  constructor(ctx: StatusContext) {
    this.#ctx = ctx;
  }

  info(message: string, fields: Record<string, unknown> = {}): void {
    this.#emit(0, message, fields);
  }

  warning(message: string, fields: Record<string, unknown> = {}): void {
    this.#emit(1, message, fields);
  }

  error(message: string, fields: Record<string, unknown> = {}): void {
    this.#emit(2, message, fields);
  }

  #emit(severity: Severity, message: string, fields: Record<string, unknown>): void {
    const level = severity === 0 ? 'info' : severity === 1 ? 'warn' : 'error';
    this.#ctx.log[level](fields, message);
    if (severity < this.#ctx.minStatus()) return;
    const { filename, line } = callerLocation();
    const now = Math.floor(Date.now() / 1000);
    const decorations = this.#ctx.decorations();
    const record: StatusRecord = {
      kind: 'status',
      hostIdentifier: this.#ctx.hostIdentifier(),
      calendarTime: calendarTime(now),
      unixTime: now,
      severity,
      filename,
      line,
      message,
      version: this.#ctx.version,
      ...(Object.keys(decorations).length > 0 ? { decorations } : {}),
    };
    try {
      this.#ctx.sink.append([record]);
    } catch (err) {
      this.#ctx.log.error({ err }, 'A status log could not be queued.');
    }
  }
}

/** The source file and line that emitted the status log, as glog reports them. */
function callerLocation(): { filename: string; line: number } {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  for (const frame of frames) {
    const match = /([^/\\(]+\.[jt]s):(\d+):\d+\)?$/.exec(frame.trim());
    if (match?.[1] && match[2] && !match[1].startsWith('status.'))
      return { filename: match[1], line: Number(match[2]) };
  }
  return { filename: 'osprey', line: 0 };
}
