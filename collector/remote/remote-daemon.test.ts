/**
 * End to end: a real Daemon (engine, scheduler, store, delivery) managed over osquery's TLS API by a loopback copy of
 * osquery's reference test server, with a test CA, a CN-only server certificate and client certificates.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import { Daemon } from '../daemon/daemon.js';
import { daemonFlags } from '../daemon/flags.js';
import { waitFor } from '../../test/helpers/wait.js';
import { readLines } from '../daemon/testing.js';
import type { Flags } from '../flags/flags.js';
import { makeTestPki, ReferenceTlsServer, type TestPki } from './test-server.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-remote-daemon-'));
let pki: TestPki;

before(() => {
  pki = makeTestPki(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

function daemonFlagsFor(server: ReferenceTlsServer, dir: string, extra: Record<string, string>): Flags {
  const flags = daemonFlags();
  const values: Record<string, string> = {
    database_path: join(dir, 'db'),
    logger_path: join(dir, 'logs'),
    disable_watchdog: 'true',
    metrics_listen: '',
    host_identifier: 'specified',
    specified_identifier: 'remote-host',
    tls_hostname: server.hostname,
    tls_server_certs: pki.caCert,
    tls_client_cert: pki.clientCert,
    tls_client_key: pki.clientKey,
    enroll_tls_endpoint: '/enroll',
    enroll_secret_path: pki.secretFile,
    logger_tls_endpoint: '/log',
    logger_tls_period: '1',
    logger_tls_backoff_max: '1',
    ...extra,
  };
  for (const [name, value] of Object.entries(values)) flags.set(name, value);
  return flags;
}

type Line = Record<string, unknown> & { name?: string; message?: string };

function logged(server: ReferenceTlsServer, type: 'result' | 'status'): Line[] {
  return server
    .bodies('/log')
    .filter((b) => b.log_type === type)
    .flatMap((b) => b.data as Line[]);
}

test('Fleet-style management: enroll, tls config (bad one kept out), gzip logs, distributed queries, re-enrollment', async () => {
  const server = await ReferenceTlsServer.start(pki, { verifyClientCert: true });
  server.config = { schedule: { tls_snap: { query: "SELECT 'first' AS v", interval: 1, snapshot: true } } };
  server.distributed = {
    queries: {
      info: 'select count(1) from osquery_info',
      bad: 'SELECT * FROM no_such_table',
      gated: 'SELECT 1',
      ungated: 'SELECT 2 AS two',
    },
    discovery: { gated: 'SELECT 1 WHERE 0', ungated: 'SELECT 1' },
  };
  const dir = join(root, 'managed');
  const flags = daemonFlagsFor(server, dir, {
    config_plugin: 'tls',
    config_tls_endpoint: '/config',
    config_refresh: '1',
    config_accelerated_refresh: '1',
    logger_plugin: 'tls',
    logger_tls_compress: 'true',
    disable_distributed: 'false',
    distributed_tls_read_endpoint: '/distributed_read',
    distributed_tls_write_endpoint: '/distributed_write',
    distributed_interval: '1',
    osprey_tick_ms: '200',
  });
  const daemon = await Daemon.start({ flags, log: silentLogger() });
  try {
    await waitFor('a tls_snap result at the server', () => logged(server, 'result').some((l) => l.name === 'tls_snap'));
    const snap = logged(server, 'result').find((l) => l.name === 'tls_snap');
    assert.deepEqual(snap?.snapshot, [{ v: 'first' }]);
    assert.equal(snap?.hostIdentifier, 'remote-host');
    assert.ok(
      server.requests.filter((r) => r.path === '/log').every((r) => r.gzip),
      'logger_tls_compress gzips every log request',
    );

    const enroll = server.bodies('/enroll')[0] as {
      host_identifier: string;
      platform_type: string;
      host_details: Record<string, Record<string, unknown>>;
    };
    assert.equal(enroll.host_identifier, 'remote-host');
    assert.equal(enroll.platform_type, '9');
    assert.deepEqual(Object.keys(enroll.host_details).sort(), [
      'os_version',
      'osquery_info',
      'platform_info',
      'system_info',
    ]);
    assert.notEqual(enroll.host_details.os_version?.name ?? '', '');
    assert.notEqual(enroll.host_details.system_info?.hostname ?? '', '');
    assert.equal(String(enroll.host_details.osquery_info?.pid), String(process.pid));
    for (const row of Object.values(enroll.host_details))
      assert.ok(Object.values(row).every((v) => typeof v === 'string'));

    await waitFor('a distributed write', () => server.bodies('/distributed_write').length > 0);
    const written = server.bodies('/distributed_write')[0] as {
      queries: Record<string, unknown>;
      statuses: Record<string, number>;
      messages: Record<string, string>;
      stats: Record<string, unknown>;
    };
    assert.deepEqual(written.queries.info, [{ 'count(1)': '1' }]);
    assert.deepEqual(written.queries.ungated, [{ two: '2' }]);
    assert.deepEqual(
      written.statuses,
      { info: 0, bad: 1, ungated: 0 },
      'a query whose discovery finds nothing is not run',
    );
    assert.match(written.messages.bad ?? '', /no such table: no_such_table/);
    assert.equal(written.messages.info, '');
    assert.ok(written.stats.info);

    // The reference server answers every third /config call with node_invalid: the daemon enrolls again and goes on.
    await waitFor(
      'the re-enrollment and config fetches',
      () => server.bodies('/enroll').length >= 2 && server.bodies('/config').length >= 4,
    );

    server.config = { schedule: { broken: { query: 'SELECT 1', interval: 'soon' } } };
    await waitFor('the failed reload status log', () =>
      logged(server, 'status').some((l) =>
        /Config reload failed; keeping the running config: .*tls_plugin: \$\.schedule\.broken\.interval/.test(
          l.message ?? '',
        ),
      ),
    );
    const snaps = logged(server, 'result').filter((l) => l.name === 'tls_snap').length;
    await waitFor(
      'more tls_snap results',
      () => logged(server, 'result').filter((l) => l.name === 'tls_snap').length > snaps + 2,
    );

    server.config = { schedule: { second: { query: "SELECT 'two' AS v", interval: 1, snapshot: true } } };
    await waitFor('a result of the second query', () => logged(server, 'result').some((l) => l.name === 'second'));
  } finally {
    await daemon.stop();
    await server.stop();
  }
});

test('logs queued while the server is down and across a daemon restart all arrive once it is back', async () => {
  const server = await ReferenceTlsServer.start(pki);
  const dir = join(root, 'outage');
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, 'osquery.conf');
  writeFileSync(
    configPath,
    JSON.stringify({ schedule: { changing: { query: 'SELECT abs(random()) AS r', interval: 1 } } }),
  );
  const flags = daemonFlagsFor(server, dir, {
    config_path: configPath,
    logger_plugin: 'filesystem,tls',
    osprey_tick_ms: '100',
  });
  const fileLines = (): string[] => readLines(join(dir, 'logs', 'osqueryd.results.log'));
  const received = (): Set<string> => new Set(logged(server, 'result').map((l) => JSON.stringify(l)));

  const first = await Daemon.start({ flags, log: silentLogger() });
  try {
    await waitFor('three results at the server', () => received().size >= 3);
    await server.down();
    const atOutage = fileLines().length;
    await waitFor('results buffered during the outage', () => fileLines().length >= atOutage + 10);
  } finally {
    await first.stop(); // the final delivery fails: the records stay in the queue
  }
  const second = await Daemon.start({ flags, log: silentLogger() });
  try {
    const atRestart = fileLines().length;
    await waitFor('results after the restart', () => fileLines().length >= atRestart + 10);
    const beforeUp = received().size;
    await server.up();
    await waitFor('the buffered results at the server', () => received().size > beforeUp);
  } finally {
    await second.stop();
    await server.stop();
  }
  const lines = fileLines();
  const got = received();
  const missing = lines.filter((line) => !got.has(line));
  assert.deepEqual(missing, [], 'every line the filesystem logger wrote reached the TLS server');
  const counters = lines
    .map((l) => JSON.parse(l) as { counter: number; action: string })
    .filter((l) => l.action === 'added')
    .map((l) => l.counter);
  assert.deepEqual(
    counters,
    counters.map((_, i) => i),
    'no execution is missing',
  );
  assert.ok(lines.length >= 23);
});

test('a daemon that cannot reach the server at start runs with an empty config and picks the config up later', async () => {
  const server = await ReferenceTlsServer.start(pki);
  server.config = { schedule: { late: { query: "SELECT 'late' AS v", interval: 1, snapshot: true } } };
  await server.down();
  const dir = join(root, 'late');
  const flags = daemonFlagsFor(server, dir, {
    config_plugin: 'tls',
    config_tls_endpoint: '/config',
    config_accelerated_refresh: '1',
    tls_enroll_max_attempts: '1',
    logger_plugin: 'filesystem,tls',
    osprey_tick_ms: '200',
  });
  const daemon = await Daemon.start({ flags, log: silentLogger() });
  try {
    await waitFor('the failed enrollment log line', () =>
      readLines(join(dir, 'logs', 'osqueryd.INFO')).some((l) =>
        /Error reading config: .*Failed enrollment request/.test(l),
      ),
    );
    await server.up();
    await waitFor('a result of the late query', () => logged(server, 'result').some((l) => l.name === 'late'));
    // Results and status logs go in separate requests, in either order: wait for the status too, then check it.
    const startupFailure = (): boolean =>
      logged(server, 'status').some((l) => /Error reading config/.test(l.message ?? ''));
    await waitFor('the start-up failure to reach the server later', startupFailure);
  } finally {
    await daemon.stop();
    await server.stop();
  }
});
