/**
 * Distributed queries (docs/osquery-compatibility.md §6.5): every --distributed_interval seconds (every 5 s while the server's
 * `accelerate` lasts) read `{queries, discovery, accelerate}` from --distributed_tls_read_endpoint, run each query
 * whose discovery query (if any) returned rows, and write `{queries, statuses, messages, stats}` to
 * --distributed_tls_write_endpoint. A failing query gets status 1 and its error message; the daemon keeps running.
 * Each query is reported to the watcher like a scheduled one, so the watchdog's wall-time limit bounds it; the query
 * running when the worker died is remembered and refused (status 1, `distributed query is denylisted`) for
 * --distributed_denylist_duration seconds, as osquery does.
 */
import { messageOf } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { retry, sleep } from '../../common/retry.js';
import type { DistributedGuard, RemoteEngine } from './ports.js';
import type { RemoteSession } from './session.js';
import type { RemoteFlags } from './tls-client.js';

const ACCELERATED_SECONDS = 5;

export interface DistributedWork {
  readonly queries: Record<string, string>;
  readonly discovery: Record<string, string>;
  /** Seconds to poll every 5 s, when the server sent a JSON integer. */
  readonly accelerate: number | undefined;
}

export interface DistributedResults {
  queries: Record<string, Array<Record<string, string>>>;
  statuses: Record<string, number>;
  messages: Record<string, string>;
  stats: Record<string, { wall_time_ms: number; user_time: number; system_time: number; memory: number }>;
}

export interface PollerContext {
  readonly session: RemoteSession;
  readonly engine: RemoteEngine;
  readonly flags: RemoteFlags;
  readonly log: Logger;
  /** The running query and the denylist, kept by the daemon so that they survive a crash. */
  readonly guard: DistributedGuard;
}

export class DistributedPoller {
  readonly #ctx: PollerContext;
  readonly #log: Logger;
  readonly #abort = new AbortController();
  #acceleratedUntilMs = 0;
  #stopped = false;
  #loop: Promise<void> | undefined;

  constructor(ctx: PollerContext) {
    this.#ctx = ctx;
    this.#log = ctx.log.child({ component: 'distributed' });
    this.#denylistInterrupted();
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#loop;
  }

  /** One read → run → write round; returns the results written (undefined when there was nothing to run). */
  async pollOnce(): Promise<DistributedResults | undefined> {
    const { session, flags } = this.#ctx;
    const work = parseWork(await session.call(flags.get('distributed_tls_read_endpoint') ?? '', {}));
    if (work.accelerate !== undefined && work.accelerate > 0)
      this.#acceleratedUntilMs = Date.now() + work.accelerate * 1000;
    if (Object.keys(work.queries).length === 0 || this.#stopped) return undefined;
    const results = this.#runAll(work);
    if (Object.keys(results.statuses).length === 0) return undefined; // every discovery query came back empty
    await retry(() => session.call(flags.get('distributed_tls_write_endpoint') ?? '', { ...results }), {
      retries: Math.max(1, flags.getNumber('distributed_tls_max_attempts')),
      initialDelayMs: 1000,
      signal: this.#abort.signal,
    });
    return results;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      try {
        await this.pollOnce();
      } catch (err) {
        this.#log.warn({ err }, `Distributed query round failed: ${messageOf(err)}.`);
      }
      const accelerated = Date.now() < this.#acceleratedUntilMs;
      const seconds = accelerated
        ? ACCELERATED_SECONDS
        : Math.max(1, this.#ctx.flags.getNumber('distributed_interval'));
      await sleep(seconds * 1000, this.#abort.signal).catch(() => undefined);
    }
  }

  #runAll(work: DistributedWork): DistributedResults {
    const out: DistributedResults = { queries: {}, statuses: {}, messages: {}, stats: {} };
    const denied = this.#ctx.guard.denied(Math.floor(Date.now() / 1000));
    for (const [id, sql] of Object.entries(work.queries)) {
      if (denied.has(id)) {
        Object.assign(out.queries, { [id]: [] });
        out.statuses[id] = 1;
        out.messages[id] = 'distributed query is denylisted';
        continue;
      }
      const discovery = work.discovery[id];
      if (discovery !== undefined && !this.#discovered(id, discovery)) continue;
      this.#runOne(id, sql, out);
    }
    return out;
  }

  #discovered(id: string, sql: string): boolean {
    try {
      return this.#ctx.engine.queryRows(sql).length > 0;
    } catch (err) {
      this.#log.warn({ id }, `Distributed discovery query ${id} failed: ${messageOf(err)}.`);
      return false;
    }
  }

  #runOne(id: string, sql: string, out: DistributedResults): void {
    const { engine, guard } = this.#ctx;
    guard.running(id);
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    try {
      out.queries[id] = engine.queryText(sql);
      out.statuses[id] = 0;
      out.messages[id] = '';
    } catch (err) {
      out.queries[id] = [];
      out.statuses[id] = 1;
      out.messages[id] = messageOf(err);
    } finally {
      guard.finished();
    }
    const used = process.cpuUsage(cpu);
    out.stats[id] = {
      wall_time_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      user_time: Math.round(used.user / 1000),
      system_time: Math.round(used.system / 1000),
      memory: process.memoryUsage.rss(),
    };
  }

  /** A query still marked running belongs to a worker that died in it: refuse it for a while. */
  #denylistInterrupted(): void {
    const id = this.#ctx.guard.takeInterrupted();
    if (id === undefined) return;
    this.#ctx.guard.deny(id, Math.floor(Date.now() / 1000), this.#ctx.flags.getNumber('distributed_denylist_duration'));
    this.#log.warn({ id }, `Distributed query ${id} was running when the worker stopped; denylisting it.`);
  }
}

/** Reads the server's answer leniently: non-string queries are skipped; `accelerate` counts only as an integer. */
export function parseWork(response: Record<string, unknown>): DistributedWork {
  const strings = (value: unknown): Record<string, string> => {
    if (value === null || typeof value !== 'object') return {};
    return Object.fromEntries(
      Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  };
  const accelerate = Number.isInteger(response.accelerate) ? (response.accelerate as number) : undefined;
  return { queries: strings(response.queries), discovery: strings(response.discovery), accelerate };
}
