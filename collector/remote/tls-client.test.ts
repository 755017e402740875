import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerCertificate } from 'node:tls';
import { after, before, test } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import { daemonFlags } from '../daemon/flags.js';
import type { Flags } from '../flags/flags.js';
import { enrollDelaySeconds, NodeKeyFile, readEnrollSecret } from './enroll.js';
import { RemoteSession } from './session.js';
import { makeTestPki, NODE_KEY, ReferenceTlsServer, type TestPki } from './test-server.js';
import { checkServerName, NodeInvalidError, parseTlsHostname, TlsClient } from './tls-client.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-tls-client-'));
let pki: TestPki;
let server: ReferenceTlsServer;
let mtls: ReferenceTlsServer;

before(async () => {
  pki = makeTestPki(root);
  server = await ReferenceTlsServer.start(pki);
  mtls = await ReferenceTlsServer.start(pki, { verifyClientCert: true });
});
after(async () => {
  await server.stop();
  await mtls.stop();
  rmSync(root, { recursive: true, force: true });
});

function flagsFor(target: ReferenceTlsServer, extra: Record<string, string> = {}): Flags {
  const flags = daemonFlags();
  const values: Record<string, string> = {
    tls_hostname: target.hostname,
    tls_server_certs: pki.caCert,
    enroll_tls_endpoint: '/enroll',
    enroll_secret_path: pki.secretFile,
    database_path: mkdtempSync(join(root, 'db-')),
    ...extra,
  };
  for (const [name, value] of Object.entries(values)) flags.set(name, value);
  return flags;
}

test('a server certificate with its name only in the CN is accepted; the CN fallback rejects other names', async () => {
  const client = new TlsClient(flagsFor(server), silentLogger());
  try {
    assert.deepEqual(await client.post('/anything', { hello: 1 }), { foo: 'bar' });
  } finally {
    client.close();
  }
  const cnOnly = { subject: { CN: 'localhost' } } as unknown as PeerCertificate;
  assert.equal(checkServerName('localhost', cnOnly), undefined);
  assert.equal(checkServerName('LOCALHOST.', cnOnly), undefined);
  assert.match(String(checkServerName('fleet.example.com', cnOnly)), /does not match certificate's CN/);
  const wildcard = { subject: { CN: '*.example.com' } } as unknown as PeerCertificate;
  assert.equal(checkServerName('fleet.example.com', wildcard), undefined);
  assert.notEqual(checkServerName('a.b.example.com', wildcard), undefined);
  assert.notEqual(checkServerName('example.com', wildcard), undefined);
  const withSan = {
    subject: { CN: 'localhost' },
    subjectaltname: 'DNS:fleet.example.com',
  } as unknown as PeerCertificate;
  assert.notEqual(checkServerName('localhost', withSan), undefined, 'with a SAN the CN is not consulted');
  assert.equal(checkServerName('fleet.example.com', withSan), undefined);
});

test('tls_server_certs is the only trust store: another CA makes every request fail', async () => {
  const client = new TlsClient(flagsFor(server, { tls_server_certs: pki.otherCaCert }), silentLogger());
  try {
    await assert.rejects(
      client.post('/anything', {}),
      /TLS request to https:\/\/localhost:\d+\/anything failed: .*certificate/,
    );
  } finally {
    client.close();
  }
});

test('a server that verifies client certificates accepts tls_client_cert/tls_client_key and refuses without', async () => {
  const without = new TlsClient(flagsFor(mtls), silentLogger());
  const withCert = new TlsClient(
    flagsFor(mtls, { tls_client_cert: pki.clientCert, tls_client_key: pki.clientKey }),
    silentLogger(),
  );
  try {
    await assert.rejects(without.post('/anything', {}), /failed/);
    assert.deepEqual(await withCert.post('/anything', {}), { foo: 'bar' });
  } finally {
    without.close();
    withCert.close();
  }
  assert.throws(
    () => new TlsClient(flagsFor(mtls, { tls_client_cert: join(root, 'missing.pem') }), silentLogger()),
    /--tls_client_cert .*missing\.pem/,
  );
});

test('responses: node_invalid and error keys fail the call; gzip answers are read with tls_accept_gzip', async () => {
  const client = new TlsClient(flagsFor(server, { tls_accept_gzip: 'true' }), silentLogger());
  try {
    await assert.rejects(client.post('/config', { node_key: 'wrong' }), NodeInvalidError);
    await assert.rejects(client.post('/config', { node_key: 'wrong' }), /Request failed: Invalid node key/);
    await assert.rejects(
      client.post('/error', {}),
      /TLS request to https:\/\/localhost:\d+\/error failed: the server says no/,
    );
    const before = server.requests.length;
    assert.deepEqual(await client.post('/log', { node_key: NODE_KEY, log_type: 'result', data: [] }), {});
    assert.match(String(server.requests[before]?.headers['accept-encoding']), /gzip/);
    assert.match(String(server.requests[before]?.headers['user-agent']), /^osquery\/\d+\.\d+\.\d+$/);
  } finally {
    client.close();
  }
  assert.throws(() => parseTlsHostname('https://fleet:8080'), /--tls_hostname must be host\[:port\]/);
  assert.deepEqual(parseTlsHostname('fleet.example.com'), { host: 'fleet.example.com', port: 443 });
  assert.deepEqual(parseTlsHostname('[::1]:8443'), { host: '::1', port: 8443 });
});

test('a session enrolls once, keeps the node key in a private file and enrolls again after node_invalid', async () => {
  const flags = flagsFor(server, { host_identifier: 'specified', specified_identifier: 'session-host' });
  const session = new RemoteSession(flags, silentLogger()).retain();
  server.issueKey = NODE_KEY;
  const enrollsBefore = server.bodies('/enroll').length;
  try {
    const [a, b] = await Promise.all([session.nodeKey(), session.nodeKey()]);
    assert.equal(a, NODE_KEY);
    assert.equal(b, NODE_KEY);
    assert.equal(server.bodies('/enroll').length, enrollsBefore + 1, 'concurrent callers share one enrollment');
    const file = join(flags.get('database_path') ?? '', 'remote', 'node_key');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(new NodeKeyFile(flags.get('database_path') ?? '').read(), NODE_KEY);

    server.validKeys.delete(NODE_KEY);
    server.issueKey = 'second_node_key';
    assert.deepEqual(await session.call('/log', { log_type: 'status', data: [] }), {});
    assert.equal(server.bodies('/enroll').length, enrollsBefore + 2);
    assert.equal(new NodeKeyFile(flags.get('database_path') ?? '').read(), 'second_node_key');
    const last = server.bodies('/log').at(-1);
    assert.equal(last?.node_key, 'second_node_key');
  } finally {
    session.release();
    server.validKeys.add(NODE_KEY);
    server.issueKey = NODE_KEY;
  }
});

test('a wrong enroll secret fails enrollment with a clear error', async () => {
  const secret = join(root, 'wrong-secret.txt');
  (await import('node:fs')).writeFileSync(secret, 'nope');
  const session = new RemoteSession(flagsFor(server, { enroll_secret_path: secret }), silentLogger()).retain();
  try {
    await assert.rejects(
      session.nodeKey(),
      /Failed enrollment request to https:\/\/localhost:\d+: Request failed: Invalid node key/,
    );
  } finally {
    session.release();
  }
  assert.deepEqual(
    [1, 2, 3, 30].map((n) => enrollDelaySeconds(n, 600)),
    [1, 4, 9, 600],
  );
});

test('the enroll secret comes from enroll_secret_path (trimmed), else from the variable enroll_secret_env names', () => {
  process.env.OSPREY_TEST_ENROLL_SECRET = 'from-env';
  try {
    assert.equal(readEnrollSecret(flagsFor(server)), 'this_is_a_deployment_secret');
    assert.equal(
      readEnrollSecret(flagsFor(server, { enroll_secret_path: '', enroll_secret_env: 'OSPREY_TEST_ENROLL_SECRET' })),
      'from-env',
    );
    assert.equal(readEnrollSecret(flagsFor(server, { enroll_secret_path: '' })), '');
    assert.throws(
      () => readEnrollSecret(flagsFor(server, { enroll_secret_path: join(root, 'nope.txt') })),
      /Cannot read --enroll_secret_path .*nope\.txt/,
    );
  } finally {
    delete process.env.OSPREY_TEST_ENROLL_SECRET;
  }
});
