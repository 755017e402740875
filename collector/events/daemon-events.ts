/**
 * The event framework as the daemon hosts it: the event store inside the daemon's database (same file, same
 * exclusive lock, same crash safety), the publisher runtime with its status lines in osqueryd.INFO/WARNING, and the
 * scheduled queries that read each event table (for osquery's expiry rule). daemon.ts wires this in a few lines.
 */
import type Database from 'better-sqlite3';
import type { Logger } from '../../common/logger.js';
import type { Row } from '../engine/spec.js';
import { EventRuntime, type RuntimeFlags } from './runtime.js';
import type { PublisherFactory } from './types.js';
import { EventStore, type EventStoreFlags } from './store.js';

export interface DaemonEventsOptions {
  readonly db: Database.Database;
  readonly flags: RuntimeFlags & EventStoreFlags;
  readonly log: Logger;
  readonly config: () => Readonly<Record<string, unknown>>;
  readonly status: { info(message: string): void; warning(message: string): void };
  /** The scheduled queries now active (name and SQL). */
  readonly queries: () => ReadonlyArray<{ readonly name: string; readonly query: string }>;
  /** Runs SQL on the daemon's engine (file_paths_query). */
  readonly query: (sql: string) => Row[];
  /** The Osprey tables a statement reads (Engine.tablesRead). */
  readonly tablesRead: (sql: string) => string[];
  /** The publishers to host (collector/events/publishers/registry.ts). */
  readonly publishers: Readonly<Record<string, PublisherFactory>>;
}

export class DaemonEvents {
  readonly store: EventStore;
  readonly runtime: EventRuntime;
  readonly #tablesBySql = new Map<string, readonly string[]>();
  readonly #opts: DaemonEventsOptions;

  constructor(opts: DaemonEventsOptions) {
    this.#opts = opts;
    this.store = new EventStore({
      db: opts.db,
      flags: opts.flags,
      log: opts.log,
      readers: (table) => this.#readers(table),
    });
    this.runtime = new EventRuntime({
      flags: opts.flags,
      log: opts.log,
      sink: this.store,
      config: opts.config,
      publishers: opts.publishers,
      query: opts.query,
      onStatus: (severity, message) => (severity === 'info' ? opts.status.info(message) : opts.status.warning(message)),
    });
  }

  /** Engine services: the store for event tables, the runtime's rows for osquery_events. */
  services(): { eventStore: EventStore; events: { list(): Row[] } } {
    return { eventStore: this.store, events: { list: () => this.runtime.rows() } };
  }

  start(): Promise<void> {
    return this.runtime.start();
  }

  /** A new config: publishers re-resolve their watches. Never rejects (failures become status lines). */
  async reconfigure(): Promise<void> {
    this.#tablesBySql.clear();
    try {
      await this.runtime.reconfigure();
    } catch (err) {
      this.#opts.log.error({ err }, 'Event publishers could not take the new config.');
    }
  }

  /** Stops the publishers and writes what the store still buffers (the database itself is the daemon's to close). */
  async stop(): Promise<void> {
    await this.runtime.stop();
    this.store.flush();
  }

  #readers(table: string): string[] {
    const names: string[] = [];
    for (const { name, query } of this.#opts.queries()) {
      let tables = this.#tablesBySql.get(query);
      if (tables === undefined) {
        tables = this.#opts.tablesRead(query);
        this.#tablesBySql.set(query, tables);
      }
      if (tables.includes(table)) names.push(name);
    }
    return names;
  }
}
