import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { silentLogger } from './logger.js';
import { counter } from './metrics.js';
import { parseListen, registerDefaultMetrics, startHealthServer } from './health-server.js';

test('serves metrics, liveness and readiness on loopback', async () => {
  const registry = new Registry();
  registerDefaultMetrics(registry, '9.9.9');
  counter(registry, 'osprey_test_events_total', 'Test events.').inc(3);
  let ready = false;
  const server = await startHealthServer({
    listen: '127.0.0.1:0',
    registry,
    log: silentLogger(),
    ready: async () => ({ ready, checks: { sink: ready } }),
  });
  try {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /^osprey_test_events_total 3$/m);
    assert.match(metrics, /osprey_build_info\{version="9.9.9",node_version="v\d+/);
    assert.match(metrics, /process_resident_memory_bytes/);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const notReady = await fetch(`${server.url}/readyz`);
    assert.equal(notReady.status, 503);
    assert.deepEqual(await notReady.json(), { ready: false, checks: { sink: false } });
    ready = true;
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    assert.equal((await fetch(`${server.url}/nope`)).status, 404);
  } finally {
    await server.close();
  }
});

test('parses listen addresses and rejects malformed ones', () => {
  assert.deepEqual(parseListen('127.0.0.1:9420'), { host: '127.0.0.1', port: 9420 });
  assert.deepEqual(parseListen('[::1]:80'), { host: '::1', port: 80 });
  assert.deepEqual(parseListen(':81'), { host: '127.0.0.1', port: 81 });
  assert.throws(() => parseListen('localhost'), /not host:port/);
});
