/**
 * Logger plugins (osquery's logger registry: filesystem, stdout, syslog, kafka_producer, tls). The daemon commits each
 * query's new differential state and the log records it produced in one transaction to its on-disk log queue (the
 * disk buffer), then hands records to every configured plugin in order. A plugin's `deliver` resolves only when the
 * records are durable at its destination (written and flushed, acknowledged by the broker or server); if it rejects,
 * the daemon hands the same records again later. Records are removed from the queue once every plugin has them.
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../../common/logger.js';
import type { Row } from '../engine/spec.js';

/** Fields every result line starts with, in osquery's key order (docs/osquery-compatibility.md §2.1). */
export interface LogHeader {
  readonly name: string;
  readonly hostIdentifier: string;
  readonly calendarTime: string;
  readonly unixTime: number;
  readonly epoch: number;
  readonly counter: number;
  readonly numerics: boolean;
  readonly decorations?: Readonly<Record<string, string>>;
}

/** Column values as logged: osquery's strings, or numbers when logger_numerics is on. */
export type LoggedRow = Readonly<Record<string, string | number>>;

/** One execution of a differential query: removed rows, then added rows (event or batch format is the plugin's). */
export interface DiffRecord extends LogHeader {
  readonly kind: 'diff';
  readonly removed: readonly LoggedRow[];
  readonly added: readonly LoggedRow[];
}

/** One execution of a snapshot query. */
export interface SnapshotRecord extends LogHeader {
  readonly kind: 'snapshot';
  readonly rows: readonly LoggedRow[];
}

/** A status log (docs/osquery-compatibility.md §5.1): severity 0 INFO, 1 WARNING, 2 ERROR, 3 FATAL. */
export interface StatusRecord {
  readonly kind: 'status';
  readonly hostIdentifier: string;
  readonly calendarTime: string;
  readonly unixTime: number;
  readonly severity: 0 | 1 | 2 | 3;
  readonly filename: string;
  readonly line: number;
  readonly message: string;
  readonly version: string;
  readonly decorations?: Readonly<Record<string, string>>;
}

export type LogPayload = DiffRecord | SnapshotRecord | StatusRecord;

export interface LogRecord {
  /** Position in the daemon's log queue: strictly increasing, never reused, survives restarts. */
  readonly seq: number;
  readonly payload: LogPayload;
}

export interface LoggerPlugin {
  readonly name: string;
  deliver(records: readonly LogRecord[]): Promise<void>;
  close(): Promise<void>;
  healthcheck?(): Promise<boolean>;
  /**
   * Whether the plugin takes records now; false leaves them queued for a later flush (the tls logger sends every
   * --logger_tls_period and backs off after failures). Absent means always; the final flush at stop ignores it.
   */
  ready?(): boolean;
}

/** What a logger plugin factory gets: the daemon's flags and config, a logger, a metrics registry. */
export interface LoggerPluginContext {
  readonly flags: {
    get(name: string): string | undefined;
    getBool(name: string): boolean;
    getNumber(name: string): number;
  };
  /** The config's top-level object (for keys such as kafka_topics). */
  readonly config: () => Readonly<Record<string, unknown>>;
  readonly log: Logger;
  readonly metrics: Registry;
  /** Directory for the plugin's own private state. */
  readonly stateDir: string;
  /** The daemon's enrolled TLS session, retained for the caller (set when remote management runs). */
  readonly tlsSession?: () => TlsLogSession;
}

/** What the tls logger needs of the daemon's TLS session (collector/remote/session.ts). */
export interface TlsLogSession {
  call(endpoint: string, body: Record<string, unknown>, options: { compress: boolean }): Promise<unknown>;
  /** The plugin is done with the session; the last user closes it. */
  release(): void;
}

export type LoggerPluginFactory = (ctx: LoggerPluginContext) => LoggerPlugin | Promise<LoggerPlugin>;

export type { Row };
