/**
 * `prometheus_metrics`, as osquery's genPrometheusMetrics: the config's `prometheus_targets` names `urls` (an array)
 * and a `timeout` in seconds (default 1); each URL is fetched once, and every line of the body that is not empty
 * and does not start with `#` gives a row when it splits on spaces into at least two pieces: the first is the
 * metric name (labels included), the second its value, and timestamp_ms is the time of the scrape (osquery
 * ignores the sample's own timestamp). A target that fails gives no rows (osquery logs it).
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { httpRequestSync } from '../lib/sync-http.js';

const DEFAULT_TIMEOUT_SECONDS = 1;

export function genPrometheusMetrics(ctx: QueryContext): Row[] {
  const targets = ctx.services.config?.().prometheus_targets;
  if (typeof targets !== 'object' || targets === null || Array.isArray(targets)) return [];
  const { urls, timeout } = targets as { urls?: unknown; timeout?: unknown };
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every((u) => typeof u === 'string')) return [];
  const seconds =
    typeof timeout === 'number' && timeout >= 0
      ? timeout
      : Number(timeout ?? DEFAULT_TIMEOUT_SECONDS) || DEFAULT_TIMEOUT_SECONDS;
  const rows: Row[] = [];
  for (const url of [...new Set(urls as string[])].sort()) {
    try {
      const res = httpRequestSync({ url, timeoutMs: seconds * 1000 });
      rows.push(...parseExposition(url, res.body, Date.now()));
    } catch (err) {
      ctx.errors.skip(`prometheus_metrics: scrape of ${url} failed`, err);
    }
  }
  return rows;
}

export function parseExposition(target: string, body: string, timestampMs: number): Row[] {
  const rows: Row[] = [];
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const pieces = line.split(' ').filter((p) => p !== '');
    if (pieces.length < 2) continue;
    rows.push({
      target_name: target,
      metric_name: pieces[0],
      metric_value: sampleValue(pieces[1] ?? ''),
      timestamp_ms: timestampMs,
    });
  }
  return rows;
}

/** A sample value as a double (`+Inf`, `-Inf`, `NaN` included); text that is not a number is NULL. */
function sampleValue(text: string): number | null {
  if (/^[+-]?inf$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  const n = Number(text);
  return text.trim() === '' || Number.isNaN(n) ? null : n;
}
