import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import { genPrometheusMetrics } from './prometheus_metrics.js';

function contextWith(config: Record<string, unknown>) {
  const skipped: string[] = [];
  const services = { config: () => config, startTime: 0, version: 'test', instanceId: 'test' };
  return {
    ctx: createQueryContext({ table: 'prometheus_metrics', services, errors: { skip: (r) => skipped.push(r) } }),
    skipped,
  };
}

describe('prometheus_metrics', () => {
  let server: ChildProcess;
  let base: string;
  before(async () => {
    server = spawn(process.execPath, [fromRoot('collector/tables/apps/fixtures/prometheus-target.mjs')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [port] = (await once(server.stdout ?? server, 'data')) as [Buffer];
    base = `http://127.0.0.1:${port.toString().trim()}`;
  });
  after(() => server.kill());

  it("scrapes each target of the config's prometheus_targets, one row per sample line, as osquery splits them", () => {
    const started = Date.now();
    const { ctx, skipped } = contextWith({ prometheus_targets: { urls: [`${base}/metrics`], timeout: 5 } });
    const rows = genPrometheusMetrics(ctx);
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      rows.map((r) => [r.target_name, r.metric_name, r.metric_value]),
      [
        [`${base}/metrics`, 'http_requests_total{method="post",code="200"}', 1027],
        [`${base}/metrics`, 'http_requests_total{method="post",code="400"}', 3],
        [`${base}/metrics`, 'http_request_duration_seconds_bucket{le="0.05"}', 24054],
        [`${base}/metrics`, 'http_request_duration_seconds_bucket{le="+Inf"}', 144320],
        [`${base}/metrics`, 'http_request_duration_seconds_sum', 53423],
        [`${base}/metrics`, 'process_start_time_seconds', 1.7e9],
        [`${base}/metrics`, 'go_gc_duration_seconds{quantile="0.5"}', null],
      ],
    );
    // timestamp_ms is the scrape time, not the sample's own timestamp (1395066363000).
    assert.ok(rows.every((r) => Number(r.timestamp_ms) >= started && Number(r.timestamp_ms) <= Date.now()));
  });

  it('gives no rows without prometheus_targets or urls', () => {
    assert.deepEqual(genPrometheusMetrics(contextWith({}).ctx), []);
    assert.deepEqual(genPrometheusMetrics(contextWith({ prometheus_targets: { timeout: 1 } }).ctx), []);
  });

  it('a target that does not answer within the timeout gives no rows and counts the failure', () => {
    const { ctx, skipped } = contextWith({
      prometheus_targets: { urls: [`${base}/slow`, `${base}/metrics`], timeout: 1 },
    });
    const rows = genPrometheusMetrics(ctx);
    assert.equal(skipped.length, 1);
    assert.ok(rows.length === 7 && rows.every((r) => r.target_name === `${base}/metrics`));
  });
});
