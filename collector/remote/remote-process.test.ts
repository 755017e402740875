/**
 * The real `osprey daemon` process (watcher and worker) pointed at a loopback copy of osquery's reference TLS server
 * with a flagfile, as a Fleet or osctrl deployment would: it enrolls once, logs through the tls logger, answers
 * distributed queries, stops cleanly on SIGTERM and reuses its node key after a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { waitFor } from '../../test/helpers/wait.js';
import { exited, spawnDaemon } from '../daemon/testing.js';
import { makeTestPki, ReferenceTlsServer, type TestPki } from './test-server.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-remote-process-'));
let pki: TestPki;
let server: ReferenceTlsServer;

before(async () => {
  pki = makeTestPki(root);
  server = await ReferenceTlsServer.start(pki, { verifyClientCert: true });
  server.config = { schedule: { remote_numbers: { query: 'SELECT 1 AS n UNION ALL SELECT 2', interval: 1 } } };
});
after(async () => {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

function flagfile(): string {
  const path = join(root, 'osquery.flags');
  const lines = [
    `--tls_hostname=${server.hostname}`,
    `--tls_server_certs=${pki.caCert}`,
    `--tls_client_cert=${pki.clientCert}`,
    `--tls_client_key=${pki.clientKey}`,
    `--enroll_secret_path=${pki.secretFile}`,
    '--enroll_tls_endpoint=/enroll',
    '--config_plugin=tls',
    '--config_tls_endpoint=/config',
    '--logger_plugin=tls',
    '--logger_tls_endpoint=/log',
    '--logger_tls_period=1',
    '--disable_distributed=false',
    '--distributed_tls_read_endpoint=/distributed_read',
    '--distributed_tls_write_endpoint=/distributed_write',
    '--distributed_interval=1',
    `--database_path=${join(root, 'db')}`,
    `--logger_path=${join(root, 'logs')}`,
    '--metrics_listen=',
    '--host_identifier=specified',
    '--specified_identifier=process-host',
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function resultNames(): string[] {
  return server
    .bodies('/log')
    .filter((b) => b.log_type === 'result')
    .flatMap((b) => (b.data as Array<{ name: string }>).map((l) => l.name));
}

test('osprey daemon --flagfile enrolls, logs and answers distributed queries; a restart reuses the node key', async () => {
  const flags = flagfile();
  let stderr = '';
  const child = spawnDaemon([`--flagfile=${flags}`]);
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitFor(
      'a remote_numbers result and a distributed write',
      () => resultNames().includes('remote_numbers') && server.bodies('/distributed_write').length > 0,
      { timeoutMs: 60_000, context: () => stderr },
    );
  } finally {
    child.kill('SIGTERM');
  }
  assert.deepEqual(await exited(child), { code: 0, signal: null });
  assert.equal(server.bodies('/enroll').length, 1);
  assert.equal(statSync(join(root, 'db', 'remote', 'node_key')).mode & 0o777, 0o600);
  const written = server.bodies('/distributed_write')[0] as { statuses: Record<string, number> };
  assert.deepEqual(written.statuses, { info: 0, flags: 0 });

  const atRestart = server.requests.length;
  const writes = server.bodies('/distributed_write').length;
  const again = spawnDaemon([`--flagfile=${flags}`]);
  try {
    await waitFor('a distributed write after the restart', () => server.bodies('/distributed_write').length > writes, {
      timeoutMs: 60_000,
    });
  } finally {
    again.kill('SIGTERM');
  }
  assert.equal((await exited(again)).code, 0);
  const first = server.requests[atRestart];
  assert.equal(first?.path, '/config', 'the stored node key is used after a restart: no enrollment first');
  assert.equal(first?.body.node_key, 'this_is_a_node_secret');
});
