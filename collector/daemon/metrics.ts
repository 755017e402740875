/**
 * The daemon worker's Prometheus metrics (docs/metrics.md): per-query runs, errors, wall time and rows logged, the
 * denylist, the size of the differential store, the outbox (the on-disk log queue waiting for logger plugins) and the
 * last acknowledged delivery per plugin. Values that come from the store (queue depth and bytes, oldest record,
 * database size, denylist) are read when Prometheus scrapes, not on every tick: summing a million-record queue every
 * second would cost more than the queries themselves.
 */
import { Histogram, type Registry } from 'prom-client';
import { counter, gauge, scrapedGauge, sqliteFileBytes } from '../../common/metrics.js';

/** What the scrape-time gauges read; each returns undefined when the store is closed (the gauge keeps its value). */
export interface DaemonStateReader {
  queue(): { records: number; bytes: number; oldestUnixTime: number | undefined } | undefined;
  denylisted(): number | undefined;
  databasePath(): string;
}

const QUERY_SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];

export class DaemonMetrics {
  readonly #executions;
  readonly #errors;
  readonly #rows;
  readonly #duration: Histogram;
  readonly #dropped;
  readonly #lastSend;
  readonly #lastRun;

  constructor(registry: Registry) {
    this.#executions = counter(registry, 'osprey_scheduled_query_executions_total', 'Scheduled query runs.', ['query']);
    this.#errors = counter(registry, 'osprey_scheduled_query_errors_total', 'Scheduled query runs that failed.', [
      'query',
    ]);
    this.#rows = counter(registry, 'osprey_scheduled_query_rows_total', 'Rows logged (added, removed, snapshot).', [
      'query',
    ]);
    this.#duration = histogram(
      registry,
      'osprey_scheduled_query_duration_seconds',
      'Wall time per scheduled query run.',
      ['query'],
    );
    this.#dropped = counter(
      registry,
      'osprey_outbox_dropped_total',
      'Log records dropped because the outbox was full (--logger_queue_max).',
    );
    this.#lastSend = gauge(
      registry,
      'osprey_last_successful_send_timestamp_seconds',
      'Last time a logger plugin acknowledged records (UNIX seconds).',
      ['logger'],
    );
    this.#lastRun = gauge(
      registry,
      'osprey_scheduled_query_last_run_timestamp_seconds',
      'When each scheduled query last ran (UNIX seconds).',
      ['query'],
    );
  }

  queryRan(query: string, seconds: number, rows: number, failed: boolean, at = Date.now()): void {
    this.#executions.inc({ query });
    this.#lastRun.set({ query }, at / 1000);
    this.#duration.observe({ query }, seconds);
    if (failed) this.#errors.inc({ query });
    else if (rows > 0) this.#rows.inc({ query }, rows);
  }

  dropped(count: number): void {
    this.#dropped.inc(count);
  }

  delivered(logger: string, at = Date.now()): void {
    this.#lastSend.set({ logger }, at / 1000);
  }

  /**
   * Registers the gauges read at scrape time. A later call (a new worker in the same process, as tests do) replaces
   * the readers, so a registry never reads a closed store.
   */
  static observeState(registry: Registry, state: DaemonStateReader, now: () => number = Date.now): void {
    const queue = (pick: (q: NonNullable<ReturnType<DaemonStateReader['queue']>>) => number | undefined) => () => {
      const q = state.queue();
      return q ? pick(q) : undefined;
    };
    scrapedGauge(
      registry,
      'osprey_outbox_records',
      'Log records waiting for at least one logger plugin.',
      queue((q) => q.records),
    );
    scrapedGauge(
      registry,
      'osprey_outbox_bytes',
      'Size of the log records waiting in the outbox.',
      queue((q) => q.bytes),
    );
    scrapedGauge(
      registry,
      'osprey_outbox_oldest_age_seconds',
      'Age of the oldest record waiting in the outbox (0 when empty).',
      queue((q) => (q.oldestUnixTime === undefined ? 0 : Math.max(0, now() / 1000 - q.oldestUnixTime))),
    );
    scrapedGauge(registry, 'osprey_denylisted_queries', 'Scheduled queries the watchdog denylisted.', () =>
      state.denylisted(),
    );
    scrapedGauge(
      registry,
      'osprey_differential_store_bytes',
      'Size of the differential results database (with its WAL).',
      () => sqliteFileBytes(state.databasePath()),
    );
  }
}

function histogram(registry: Registry, name: string, help: string, labelNames: string[]): Histogram {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Histogram;
  return new Histogram({ name, help, labelNames, buckets: QUERY_SECONDS_BUCKETS, registers: [registry] });
}
