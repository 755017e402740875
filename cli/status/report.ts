/**
 * What `osprey status` knows about one running process: its status file (which process, since when, where its
 * endpoints are) and what those endpoints answer now. Every figure comes from /healthz, /readyz or /metrics.
 */
import { isRecordLive, readStatusFile, type StatusRecord } from '../../common/status-file.js';
import { parseSamples, single, sumBy, type Sample } from './prometheus-text.js';

export interface QueryRun {
  readonly query: string;
  readonly lastRun: string;
  readonly ageSeconds: number;
}

export interface ProcessReport {
  readonly command: StatusRecord['command'];
  readonly pid: number;
  readonly statusFile: string;
  readonly version: string;
  readonly startedAt: string;
  /** false: the file was left by a process that is gone (crash, reboot). */
  readonly running: boolean;
  readonly metricsUrl?: string;
  readonly healthy?: boolean;
  readonly ready?: boolean;
  readonly readyChecks?: Readonly<Record<string, boolean>>;
  /** Why the endpoints could not be read. */
  readonly endpointError?: string;
  readonly lastQueries: readonly QueryRun[];
  /** Messages behind the end of the bus, per consumer group (stage). */
  readonly lagByGroup: Readonly<Record<string, number>>;
  readonly storeBytes?: number;
  readonly differentialStoreBytes?: number;
  readonly outboxRecords?: number;
  readonly alertsLastHour?: number;
}

const ENDPOINT_TIMEOUT_MS = 3_000;

/** Reads one status file; undefined when there is none. An unreadable file is reported, not thrown. */
export async function reportFor(
  path: string,
  now = Date.now(),
): Promise<ProcessReport | { path: string; invalid: string } | undefined> {
  const read = readStatusFile(path);
  if (read.kind === 'absent') return undefined;
  if (read.kind === 'invalid') return { path, invalid: read.reason };
  const record = read.record;
  const base = {
    command: record.command,
    pid: record.pid,
    statusFile: path,
    version: record.version,
    startedAt: record.startedAt,
    running: isRecordLive(record),
    ...(record.metricsUrl ? { metricsUrl: record.metricsUrl } : {}),
    lastQueries: [],
    lagByGroup: {},
  };
  if (!base.running || !record.metricsUrl) return base;
  try {
    return { ...base, ...(await readEndpoints(record.metricsUrl, now)) };
  } catch (err) {
    return { ...base, endpointError: `${record.metricsUrl}: ${(err as Error).message}` };
  }
}

async function readEndpoints(url: string, now: number): Promise<Partial<ProcessReport>> {
  const get = (path: string): Promise<Response> =>
    fetch(`${url}${path}`, { signal: AbortSignal.timeout(ENDPOINT_TIMEOUT_MS) });
  const [health, ready, metrics] = await Promise.all([get('/healthz'), get('/readyz'), get('/metrics')]);
  const readyBody = (await ready.json().catch(() => ({}))) as { checks?: Record<string, boolean> };
  if (!metrics.ok) throw new Error(`/metrics answered HTTP ${metrics.status}`);
  const samples = parseSamples(await metrics.text());
  return {
    healthy: health.ok,
    ready: ready.ok,
    ...(readyBody.checks ? { readyChecks: readyBody.checks } : {}),
    ...figures(samples, now),
  };
}

function figures(samples: readonly Sample[], now: number): Partial<ProcessReport> {
  const lastRuns = sumBy(samples, 'osprey_scheduled_query_last_run_timestamp_seconds', 'query');
  const lastQueries = [...lastRuns]
    .map(([query, seconds]) => ({
      query,
      lastRun: new Date(seconds * 1000).toISOString(),
      ageSeconds: Math.max(0, Math.round(now / 1000 - seconds)),
    }))
    .sort((a, b) => a.ageSeconds - b.ageSeconds || a.query.localeCompare(b.query));
  const optional = (key: keyof ProcessReport, value: number | undefined): Partial<ProcessReport> =>
    value === undefined ? {} : { [key]: value };
  return {
    lastQueries,
    lagByGroup: Object.fromEntries(sumBy(samples, 'osprey_consumer_lag', 'group')),
    ...optional('storeBytes', single(samples, 'osprey_store_bytes')),
    ...optional('differentialStoreBytes', single(samples, 'osprey_differential_store_bytes')),
    ...optional('outboxRecords', single(samples, 'osprey_outbox_records')),
    ...optional('alertsLastHour', single(samples, 'osprey_correlator_alerts_last_hour')),
  };
}
