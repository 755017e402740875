import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { silentLogger } from '../../common/logger.js';
import { daemonFlags } from '../daemon/flags.js';
import type { LogRecord } from './types.js';
import { createTlsLogger } from './tls.js';
import { RemoteSession } from '../remote/session.js';
import { makeTestPki, ReferenceTlsServer, type TestPki } from '../remote/test-server.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-tls-logger-'));
let pki: TestPki;
let server: ReferenceTlsServer;

before(async () => {
  pki = makeTestPki(root);
  server = await ReferenceTlsServer.start(pki);
});
after(async () => {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

function plugin(extra: Record<string, string> = {}) {
  const flags = daemonFlags();
  const values: Record<string, string> = {
    tls_hostname: server.hostname,
    tls_server_certs: pki.caCert,
    enroll_tls_endpoint: '/enroll',
    enroll_secret_path: pki.secretFile,
    logger_tls_endpoint: '/log',
    database_path: mkdtempSync(join(root, 'db-')),
    ...extra,
  };
  for (const [name, value] of Object.entries(values)) flags.set(name, value);
  const session = new RemoteSession(flags, silentLogger()).retain();
  const ctx = { flags, config: () => ({}), log: silentLogger(), metrics: new Registry(), stateDir: root };
  return { plugin: createTlsLogger(ctx, session), metrics: ctx.metrics };
}

const header = {
  hostIdentifier: 'h',
  calendarTime: 'Mon Jan  5 03:04:05 2026 UTC',
  unixTime: 1767582245,
  epoch: 0,
  numerics: false,
};

function records(): LogRecord[] {
  return [
    {
      seq: 1,
      payload: {
        kind: 'diff',
        name: 'q',
        counter: 0,
        ...header,
        removed: [],
        added: [{ n: '1' }, { n: '2' }, { n: '3' }],
      },
    },
    {
      seq: 2,
      payload: {
        kind: 'status',
        hostIdentifier: 'h',
        calendarTime: header.calendarTime,
        unixTime: header.unixTime,
        severity: 1,
        filename: 'x.ts',
        line: 3,
        message: 'careful',
        version: '5.23.0',
      },
    },
    { seq: 3, payload: { kind: 'snapshot', name: 's', counter: 0, ...header, rows: [{ big: 'x'.repeat(500) }] } },
    { seq: 4, payload: { kind: 'diff', name: 'q', counter: 1, ...header, removed: [{ n: '1' }], added: [] } },
  ];
}

/** Delivers the sample records through `tls`, closes it, and returns the /log requests the server got meanwhile. */
async function deliverAndCollectLogs(
  tls: Awaited<ReturnType<typeof plugin>>['plugin'],
): Promise<typeof server.requests> {
  const start = server.requests.length;
  try {
    await tls.deliver(records());
  } finally {
    await tls.close();
  }
  return server.requests.slice(start).filter((r) => r.path === '/log');
}

test('results and status go in separate requests of at most logger_tls_max_lines lines, gzip with logger_tls_compress', async () => {
  const { plugin: tls } = plugin({ logger_tls_max_lines: '2', logger_tls_compress: 'true' });
  const logs = await deliverAndCollectLogs(tls);
  assert.deepEqual(
    logs.map((r) => [r.body.log_type, (r.body.data as unknown[]).length, r.gzip]),
    [
      ['result', 2, true],
      ['result', 2, true],
      ['result', 1, true],
      ['status', 1, true],
    ],
  );
  const lines = logs.flatMap((r) => r.body.data as Array<Record<string, unknown>>);
  assert.deepEqual(lines[0], {
    name: 'q',
    hostIdentifier: 'h',
    calendarTime: header.calendarTime,
    unixTime: 1767582245,
    epoch: 0,
    counter: 0,
    numerics: false,
    columns: { n: '1' },
    action: 'added',
  });
  assert.equal(lines[3]?.action, 'snapshot');
  assert.equal(lines[4]?.action, 'removed');
  assert.deepEqual(lines[5], {
    hostIdentifier: 'h',
    calendarTime: header.calendarTime,
    unixTime: 1767582245,
    severity: 1,
    filename: 'x.ts',
    line: 3,
    message: 'careful',
    version: '5.23.0',
  });
  assert.ok(logs.every((r) => r.body.node_key === 'this_is_a_node_secret'));
});

test('lines over logger_tls_max_linesize are dropped and counted; tls_disable_status_log sends no status', async () => {
  const { plugin: tls, metrics } = plugin({ logger_tls_max_linesize: '300', tls_disable_status_log: 'true' });
  const logs = await deliverAndCollectLogs(tls);
  assert.deepEqual(
    logs.map((r) => r.body.log_type),
    ['result'],
  );
  assert.equal((logs[0]?.body.data as unknown[]).length, 4, 'the 500-byte snapshot line is left out');
  const dropped = await metrics.getSingleMetric('osprey_tls_logger_dropped_lines_total')?.get();
  assert.equal(dropped?.values[0]?.value, 1);
});

test('a failed delivery rejects (records stay queued) and the plugin waits logger_tls_period, backing off after failures', async () => {
  const { plugin: tls } = plugin({ logger_tls_period: '60', logger_tls_backoff_max: '3600' });
  try {
    assert.equal(tls.ready?.(), true, 'nothing sent yet');
    await server.down();
    await assert.rejects(tls.deliver(records()), /TLS request to https:\/\/localhost:\d+\/(enroll|log) failed/);
    assert.equal(tls.ready?.(), false, 'waits after a failure');
    await server.up();
    await tls.deliver(records());
    assert.equal(tls.ready?.(), false, 'waits a period after a send');
  } finally {
    await tls.close();
  }
});
