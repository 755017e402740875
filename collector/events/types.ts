/**
 * The contract of Osprey's event framework (osquery's pubsub, docs/wiki/development/pubsub-framework.md): publishers
 * turn a kernel interface (inotify, the netlink proc connector, audit netlink) into rows, the event store keeps them
 * with `time` and `eid` until they expire, and event tables (`*_events`) read them back. Publishers know nothing of
 * SQL or storage; the store knows nothing of kernels. Both sides depend only on this file.
 */
import type { Logger } from '../../common/logger.js';
import type { Row } from '../engine/spec.js';

/** Where a publisher delivers rows: the store stamps `time` (UNIX seconds) and `eid` on add when they are absent. */
export interface EventSink {
  /** `table` is the subscriber (event table) name, such as `file_events` or `process_events`. */
  add(table: string, rows: readonly Row[]): void;
}

/** What a publisher needs to start: flags, the running config, a logger for status lines, the sink. */
export interface PublisherContext {
  readonly sink: EventSink;
  readonly log: Logger;
  flag(name: string): string | undefined;
  /** The running config's top-level keys (file_paths, exclude_paths, file_accesses, yara, events). */
  config(): Readonly<Record<string, unknown>>;
}

/** Why a publisher is not running, for osquery_events and the daemon's status log. */
export type PublisherState =
  | {
      readonly state: 'running';
      readonly subscriptions: number;
      /** Appended to the status line. */ readonly detail?: string;
    }
  | { readonly state: 'disabled'; readonly reason: string }
  | { readonly state: 'failed'; readonly reason: string };

export interface EventPublisher {
  /** osquery's publisher name: `inotify`, `auditeventpublisher`, `proc_connector`. */
  readonly name: string;
  /** The event tables this publisher fills. */
  readonly tables: readonly string[];
  /**
   * Starts watching. Never throws for a missing privilege or kernel feature: it returns `disabled` or `failed` with a
   * reason that names the interface (e.g. `NETLINK_CONNECTOR: EPERM`), and the daemon runs on without it.
   */
  start(ctx: PublisherContext): Promise<PublisherState>;
  /** The config changed (file_paths, yara): re-resolve watches without losing events in flight. */
  reconfigure?(ctx: PublisherContext): Promise<PublisherState>;
  /** Counters for osquery_events: events emitted since start, runloop restarts. */
  stats(): { readonly events: number; readonly refreshes: number };
  stop(): Promise<void>;
}

/** A publisher's factory, keyed by name in collector/events/publishers/registry.ts. */
export type PublisherFactory = () => EventPublisher;
