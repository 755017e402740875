/**
 * Hosts the event publishers for the daemon and the shell: starts each registered publisher (each decides from its
 * flags whether it runs; --disable_events turns them all off), reports a status line for every one that is disabled
 * or failed and carries on without it, hands them a sink that honours the config's `events.disable_subscribers`,
 * passes config changes on, and answers osquery_events (publishers, then subscribers).
 */
import { messageOf } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { Row } from '../engine/spec.js';
import { withPathsFromQueries, type Config } from './paths-query.js';
import type { EventPublisher, EventSink, PublisherContext, PublisherFactory, PublisherState } from './types.js';

export interface RuntimeFlags {
  get(name: string): string | undefined;
  getBool(name: string): boolean;
}

export interface EventRuntimeOptions {
  readonly flags: RuntimeFlags;
  readonly log: Logger;
  readonly sink: EventSink & { counts?(subscriber: string): { added: number } };
  readonly config: () => Readonly<Record<string, unknown>>;
  /** Every publisher to host (collector/events/publishers/registry.ts's PUBLISHERS): given by the host, so the
   * framework does not import the publishers built on it. */
  readonly publishers: Readonly<Record<string, PublisherFactory>>;
  /** Runs a file_paths_query statement (the daemon's engine); without it file_paths_query is ignored. */
  readonly query?: (sql: string) => Row[];
  /** Where status lines go besides the log (the daemon's osqueryd.INFO / WARNING). */
  readonly onStatus?: (severity: 'info' | 'warning', message: string) => void;
}

interface Entry {
  readonly publisher: EventPublisher;
  state: PublisherState;
}

export class EventRuntime {
  readonly #opts: EventRuntimeOptions;
  readonly #log: Logger;
  readonly #entries: Entry[] = [];
  readonly #context: PublisherContext;
  #started = false;
  /** The config publishers see: the running one with file_paths_query resolved, refreshed on start/reconfigure. */
  #config: Config = {};

  constructor(opts: EventRuntimeOptions) {
    this.#opts = opts;
    this.#log = opts.log.child({ component: 'events' });
    const sink: EventSink = {
      add: (table, rows) => {
        if (!this.#subscriberDisabled(table)) opts.sink.add(table, rows);
      },
    };
    this.#context = { sink, log: this.#log, flag: (name) => opts.flags.get(name), config: () => this.#config };
    for (const factory of Object.values(opts.publishers)) {
      this.#entries.push({ publisher: factory(), state: { state: 'disabled', reason: 'not started' } });
    }
  }

  /** Starts every publisher; never throws: a publisher that fails is reported and left out. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#resolveConfig();
    for (const entry of this.#entries) {
      if (this.#opts.flags.getBool('disable_events')) {
        entry.state = { state: 'disabled', reason: '--disable_events is true' };
      } else {
        entry.state = await this.#guard(entry.publisher, () => entry.publisher.start(this.#context));
      }
      this.#report(entry);
    }
  }

  /** The config changed: running publishers re-resolve what they watch. */
  async reconfigure(): Promise<void> {
    this.#resolveConfig();
    for (const entry of this.#entries) {
      const { publisher } = entry;
      if (entry.state.state !== 'running' || publisher.reconfigure === undefined) continue;
      const before = entry.state;
      entry.state = await this.#guard(publisher, () =>
        (publisher.reconfigure as NonNullable<typeof publisher.reconfigure>)(this.#context),
      );
      if (entry.state.state !== 'running' || before.state !== 'running') this.#report(entry);
    }
  }

  /** States by publisher name (tests and the daemon's readiness). */
  states(): Record<string, PublisherState> {
    return Object.fromEntries(this.#entries.map((e) => [e.publisher.name, e.state]));
  }

  /** osquery_events: publishers first, then their subscribers (event tables). */
  rows(): Row[] {
    const publishers: Row[] = [];
    const subscribers: Row[] = [];
    for (const { publisher, state } of this.#entries) {
      const running = state.state === 'running';
      const stats = publisher.stats();
      publishers.push({
        name: publisher.name,
        publisher: publisher.name,
        type: 'publisher',
        subscriptions: running ? state.subscriptions : 0,
        events: stats.events,
        refreshes: stats.refreshes,
        active: running ? 1 : 0,
      });
      for (const table of publisher.tables) {
        subscribers.push({
          name: table,
          publisher: publisher.name,
          type: 'subscriber',
          subscriptions: running ? subscriptionsOf(publisher, table, state.subscriptions) : 0,
          events: this.#opts.sink.counts?.(table).added ?? 0,
          refreshes: 0,
          active: running && !this.#subscriberDisabled(table) ? 1 : 0,
        });
      }
    }
    return [...publishers, ...subscribers];
  }

  async stop(): Promise<void> {
    for (const entry of this.#entries) {
      try {
        await entry.publisher.stop();
      } catch (err) {
        this.#log.warn({ err, publisher: entry.publisher.name }, 'Event publisher did not stop cleanly.');
      }
      entry.state = { state: 'disabled', reason: 'stopped' };
    }
  }

  #resolveConfig(): void {
    const config = this.#opts.config();
    const run = this.#opts.query;
    this.#config = run ? withPathsFromQueries(config, run, (m) => this.#status('warning', m)) : config;
  }

  async #guard(publisher: EventPublisher, work: () => Promise<PublisherState>): Promise<PublisherState> {
    try {
      return await work();
    } catch (err) {
      // The contract says publishers report rather than throw; one that throws anyway must not stop the host.
      return { state: 'failed', reason: `${publisher.name}: ${messageOf(err)}` };
    }
  }

  #report({ publisher, state }: Entry): void {
    const name = publisher.name;
    const tables = publisher.tables.join(', ');
    if (state.state === 'running') {
      const detail = state.detail === undefined ? '' : `; ${state.detail}`;
      this.#status(
        'info',
        `Event publisher ${name} started (${tables}): ${state.subscriptions} subscriptions${detail}.`,
      );
    } else if (state.state === 'disabled') {
      this.#status('info', `Event publisher ${name} is disabled (${tables} stay empty): ${state.reason}.`);
    } else {
      this.#status(
        'warning',
        `Event publisher ${name} failed; running without it (${tables} stay empty): ${state.reason}.`,
      );
    }
  }

  #status(severity: 'info' | 'warning', message: string): void {
    if (severity === 'info') this.#log.info(message);
    else this.#log.warn(message);
    this.#opts.onStatus?.(severity, message);
  }

  /** osquery: `events.disable_subscribers` turns listed subscribers off (and wins over enable_subscribers). */
  #subscriberDisabled(table: string): boolean {
    const events = this.#opts.config().events as { disable_subscribers?: unknown } | undefined;
    const list = events?.disable_subscribers;
    return Array.isArray(list) && list.includes(table);
  }
}

/** A publisher may say how many subscriptions each table uses (inotify: file_paths vs yara.file_paths). */
function subscriptionsOf(publisher: EventPublisher, table: string, total: number): number {
  const perTable = (publisher as { subscriptionsOf?: (table: string) => number }).subscriptionsOf;
  return typeof perTable === 'function' ? perTable.call(publisher, table) : total;
}
