/**
 * osquery's scheduler loop (docs/osquery-compatibility.md §2.6): a tick counter seeded with the UNIX time and incremented by one per
 * tick (not re-read from the clock); a query runs when `tick % splayed_interval == 0` (or its cron expression
 * matches the tick), or on the first tick when it has a startup_priority (ascending, then by name). Packs are
 * checked for activity (filters, discovery) each tick; interval decorators run every 60 ticks; drift from slow ticks
 * is compensated up to --schedule_max_drift. The tick length is one second; --osprey_tick_ms shortens it for tests.
 */
import type { Flags } from '../flags/flags.js';
import type { Decorators } from './decorators.js';
import type { Denylist } from './denylist.js';
import type { QueryExecutor, SqlRunner } from './executor.js';
import type { PackRuntime } from './packs.js';
import type { ScheduledQuery } from './schedule.js';
import { splayedInterval, type SplayStore } from './splay.js';

export interface SchedulerContext {
  readonly engine: SqlRunner;
  readonly executor: QueryExecutor;
  readonly decorators: Decorators;
  readonly denylist: Denylist;
  readonly store: SplayStore;
  readonly flags: Flags;
  readonly hostname: () => string;
  readonly isEventBased: (sql: string) => boolean;
  /** Called after every tick with the number of queries it ran (the daemon delivers queued records then). */
  readonly afterTick: (tick: number, ran: number) => void;
  /** A tick failed outside any query (the store cannot be written): the daemon must stop. */
  readonly onFatal: (err: unknown) => void;
}

export class Scheduler {
  readonly #ctx: SchedulerContext;
  #packs: readonly PackRuntime[] = [];
  #splays = new Map<string, number>();
  #tick: number;
  #first = true;
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(ctx: SchedulerContext, startTick = Math.floor(Date.now() / 1000)) {
    this.#ctx = ctx;
    this.#tick = startTick;
  }

  get tick(): number {
    return this.#tick;
  }

  /** Installs a (new) schedule; splays are reused from the store while intervals are unchanged. */
  setPacks(packs: readonly PackRuntime[]): void {
    this.#packs = packs;
    this.#splays = new Map();
    const percent = this.#ctx.flags.getNumber('schedule_splay_percent');
    for (const runtime of packs) {
      for (const query of runtime.pack.queries) {
        const splay = splayedInterval(this.#ctx.store, query, percent, this.#ctx.hostname());
        this.#splays.set(query.name, splay);
      }
    }
  }

  packs(): readonly PackRuntime[] {
    return this.#packs;
  }

  /** Queries of active packs, for osquery_schedule. */
  activeQueries(): ScheduledQuery[] {
    return this.#packs.filter((p) => p.lastKnownActive()).flatMap((p) => p.pack.queries);
  }

  denylisted(query: ScheduledQuery, now = Math.floor(Date.now() / 1000)): boolean {
    if (!query.denylist) return false;
    if (this.#ctx.isEventBased(query.query) && !this.#ctx.flags.getBool('events_enforce_denylist')) return false;
    return this.#ctx.denylist.has(query.name, now);
  }

  /** One scheduler tick: runs what is due at tick `i`. */
  step(): void {
    const tick = this.#tick;
    const refresh = this.#ctx.flags.getNumber('pack_refresh_interval');
    const due: ScheduledQuery[] = [];
    const startup: ScheduledQuery[] = [];
    for (const runtime of this.#packs) {
      if (!runtime.active(this.#ctx.engine, tick, refresh)) continue;
      for (const query of runtime.pack.queries) {
        if (this.#first && query.startupPriority !== undefined) startup.push(query);
        else if (this.#isDue(query, tick)) due.push(query);
      }
    }
    startup.sort((a, b) => (a.startupPriority ?? 0) - (b.startupPriority ?? 0) || a.name.localeCompare(b.name));
    let ran = 0;
    for (const query of [...startup, ...due]) {
      if (this.denylisted(query)) continue;
      this.#ctx.decorators.runAlways();
      this.#ctx.executor.run(query);
      ran += 1;
    }
    this.#ctx.decorators.runInterval(tick);
    this.#first = false;
    this.#tick += 1;
    this.#ctx.afterTick(tick, ran);
  }

  #isDue(query: ScheduledQuery, tick: number): boolean {
    if (query.cron) return query.cron.matches(tick);
    const splay = this.#splays.get(query.name) ?? query.interval;
    return tick % splay === 0;
  }

  /** Runs ticks until stop(); each tick is aligned to a fixed cadence so slow ticks shorten later pauses. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    const tickMs = Math.max(1, this.#ctx.flags.getNumber('osprey_tick_ms') || 1000);
    let base = Date.now();
    let ticks = 0;
    const loop = (): void => {
      if (!this.#running) return;
      try {
        this.step();
      } catch (err) {
        this.stop();
        this.#ctx.onFatal(err);
        return;
      }
      ticks += 1;
      const maxDrift = this.#ctx.flags.getNumber('schedule_max_drift');
      let target = base + ticks * tickMs;
      const behind = Date.now() - target;
      if (maxDrift === 0 || behind > maxDrift * tickMs) {
        base = Date.now() - ticks * tickMs; // drop the accumulated drift, as osquery does past schedule_max_drift
        target = base + ticks * tickMs;
      }
      this.#timer = setTimeout(loop, Math.max(0, target - Date.now()));
    };
    this.#timer = setTimeout(loop, 0);
  }

  stop(): void {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
