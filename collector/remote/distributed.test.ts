import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import { daemonFlags } from '../daemon/flags.js';
import { distributedGuard, remoteEngine } from '../daemon/remote-ports.js';
import { Engine } from '../engine/engine.js';
import { DistributedPoller, parseWork } from './distributed.js';
import { RemoteSession } from './session.js';
import { makeTestPki, ReferenceTlsServer, type TestPki } from './test-server.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-distributed-'));
let pki: TestPki;
let server: ReferenceTlsServer;
let engine: Engine;

before(async () => {
  pki = makeTestPki(root);
  server = await ReferenceTlsServer.start(pki);
  engine = await Engine.create();
});
after(async () => {
  engine.close();
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

function poller(kv: Map<string, string>): { poller: DistributedPoller; session: RemoteSession } {
  const flags = daemonFlags();
  const values: Record<string, string> = {
    tls_hostname: server.hostname,
    tls_server_certs: pki.caCert,
    enroll_tls_endpoint: '/enroll',
    enroll_secret_path: pki.secretFile,
    distributed_tls_read_endpoint: '/distributed_read',
    distributed_tls_write_endpoint: '/distributed_write',
    database_path: mkdtempSync(join(root, 'db-')),
  };
  for (const [name, value] of Object.entries(values)) flags.set(name, value);
  const session = new RemoteSession(flags, silentLogger()).retain();
  const store = {
    get: (k: string) => kv.get(k),
    set: (k: string, v: string) => void kv.set(k, v),
    delete: (k: string) => void kv.delete(k),
  };
  return {
    poller: new DistributedPoller({
      session,
      engine: remoteEngine(engine),
      flags,
      log: silentLogger(),
      guard: distributedGuard(store),
    }),
    session,
  };
}

test("the reference server's queries run and their rows, statuses and messages are written back", async () => {
  const { poller: p, session } = poller(new Map());
  try {
    const results = await p.pollOnce();
    assert.deepEqual(results?.queries, {
      info: [{ 'count(1)': '1' }],
      flags: [{ 'count(1)': results?.queries.flags?.[0]?.['count(1)'] ?? '?' }],
    });
    assert.ok(Number(results?.queries.flags?.[0]?.['count(1)']) > 100, 'osquery_flags lists the flags');
    const written = server.bodies('/distributed_write').at(-1);
    assert.deepEqual(written?.statuses, { info: 0, flags: 0 });
    assert.deepEqual(written?.messages, { info: '', flags: '' });
    assert.equal(written?.node_key, 'this_is_a_node_secret');
  } finally {
    session.release();
  }
});

test('values are strings in column order; a failing query gives status 1 and its message', async () => {
  server.distributed = { queries: { typed: "SELECT 2.5 AS d, NULL AS n, 7 AS i, 'x' AS s", broken: 'SELEC nothing' } };
  const { poller: p, session } = poller(new Map());
  try {
    const results = await p.pollOnce();
    assert.deepEqual(Object.keys(results?.queries.typed?.[0] ?? {}), ['d', 'n', 'i', 's']);
    assert.deepEqual(results?.queries.typed, [{ d: '2.5', n: '', i: '7', s: 'x' }]);
    assert.equal(results?.statuses.broken, 1);
    assert.match(results?.messages.broken ?? '', /syntax error/);
    assert.deepEqual(results?.queries.broken, []);
  } finally {
    session.release();
  }
});

test("query text runs as osquery runs it: double-quoted strings, a trailing ; and comment, osquery's error text", async () => {
  server.distributed = {
    queries: {
      quoted: 'SELECT name = "x" AS same FROM (SELECT \'x\' AS name);  -- trailing comment\n',
      two: 'SELECT 1 AS n; SELECT 2 AS n;',
      missing: 'SELECT * FROM no_such_table;',
    },
  };
  const { poller: p, session } = poller(new Map());
  try {
    const results = await p.pollOnce();
    assert.deepEqual(results?.queries.quoted, [{ same: '1' }]);
    assert.deepEqual(results?.queries.two, [{ n: '1' }, { n: '2' }]);
    assert.deepEqual([results?.statuses.missing, results?.messages.missing], [1, 'no such table: no_such_table']);
  } finally {
    session.release();
  }
});

test('a query that was running when the worker died is denylisted and reported as such', async () => {
  server.distributed = { queries: { killer: 'SELECT 1', fine: 'SELECT 2 AS two' } };
  const kv = new Map([['distributed_running', 'killer']]);
  const { poller: p, session } = poller(kv);
  try {
    assert.equal(kv.has('distributed_running'), false);
    const results = await p.pollOnce();
    assert.equal(results?.statuses.killer, 1);
    assert.equal(results?.messages.killer, 'distributed query is denylisted');
    assert.deepEqual(results?.queries.fine, [{ two: '2' }]);
    assert.equal(kv.has('distributed_running'), false, 'cleared after each query');
  } finally {
    session.release();
  }
});

test('accelerate counts only as a JSON integer; non-string queries are ignored', () => {
  assert.equal(parseWork({ accelerate: 60 }).accelerate, 60);
  assert.equal(parseWork({ accelerate: '60' }).accelerate, undefined);
  assert.deepEqual(parseWork({ queries: { a: 'SELECT 1', b: 5 }, discovery: { a: 'SELECT 1' } }), {
    queries: { a: 'SELECT 1' },
    discovery: { a: 'SELECT 1' },
    accelerate: undefined,
  });
});
