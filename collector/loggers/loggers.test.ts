import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { Registry } from 'prom-client';
import { silentLogger } from '../../common/logger.js';
import { createFilesystemLogger } from './filesystem.js';
import { parseLoggerPlugins } from './registry/index.js';
import { createStdoutLogger } from './stdout.js';
import { createSyslogLogger } from './syslog.js';
import { DatagramReceiver } from './unix-dgram.js';
import type { DiffRecord, LogRecord, LoggerPluginContext, StatusRecord } from './types.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-loggers-'));
after(() => rmSync(root, { recursive: true, force: true }));

function context(name: string, values: Record<string, string> = {}): LoggerPluginContext {
  const dir = join(root, name);
  const all: Record<string, string> = {
    logger_path: join(dir, 'logs'),
    logger_mode: '0600',
    logger_event_type: 'true',
    logger_rotate: 'false',
    logger_rotate_size: '26214400',
    logger_rotate_max_files: '25',
    logger_syslog_facility: '19',
    ...values,
  };
  return {
    flags: {
      get: (n) => all[n],
      getBool: (n) => all[n] === 'true',
      getNumber: (n) => Number(all[n] ?? 0),
    },
    config: () => ({}),
    log: silentLogger(),
    metrics: new Registry(),
    stateDir: join(dir, 'state'),
  };
}

function diff(seq: number, value: string): LogRecord {
  const payload: DiffRecord = {
    kind: 'diff',
    name: 'q',
    hostIdentifier: 'h',
    calendarTime: 'Thu Jan  1 00:00:00 1970 UTC',
    unixTime: 0,
    epoch: 0,
    counter: seq,
    numerics: false,
    removed: [],
    added: [{ v: value }],
  };
  return { seq, payload };
}

const status: StatusRecord = {
  kind: 'status',
  hostIdentifier: 'h',
  calendarTime: 'c',
  unixTime: 0,
  severity: 1,
  filename: 'daemon.ts',
  line: 7,
  message: 'careful',
  version: '5.23.0',
};

test('filesystem: results in osqueryd.results.log, status in glog files, private files, redelivery skipped', async () => {
  const ctx = context('fs');
  const plugin = createFilesystemLogger(ctx);
  const results = join(root, 'fs', 'logs', 'osqueryd.results.log');
  assert.equal(statSync(results).size, 0, 'created empty at start');
  await plugin.deliver([diff(1, 'a'), diff(2, 'b'), { seq: 3, payload: status }]);
  await plugin.deliver([diff(2, 'b'), diff(3, 'c'), diff(4, 'd')]); // 2 and 3 were delivered already
  const lines = readFileSync(results, 'utf8').trim().split('\n');
  assert.deepEqual(
    lines.map((l) => (JSON.parse(l) as { columns: { v: string } }).columns.v),
    ['a', 'b', 'd'],
  );
  assert.equal(statSync(results).mode & 0o777, 0o600);
  const info = readFileSync(join(root, 'fs', 'logs', 'osqueryd.INFO'), 'utf8');
  assert.match(info, /^W0101 00:00:00\.000000 \d+ daemon\.ts:7\] careful\n$/);
  assert.equal(readFileSync(join(root, 'fs', 'logs', 'osqueryd.WARNING'), 'utf8'), info);
  assert.equal(existsSync(join(root, 'fs', 'logs', 'osqueryd.ERROR')), false);
});

test('filesystem: an unacknowledged tail (crash mid-write) is cut off at start', async () => {
  const ctx = context('tail');
  const first = createFilesystemLogger(ctx);
  await first.deliver([diff(1, 'a')]);
  const results = join(root, 'tail', 'logs', 'osqueryd.results.log');
  appendFileSync(results, '{"name":"q","partial'); // what a kill -9 during a write leaves
  const second = createFilesystemLogger(ctx);
  await second.deliver([diff(1, 'a'), diff(2, 'b')]);
  const values = readFileSync(results, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { columns: { v: string } }).columns.v);
  assert.deepEqual(values, ['a', 'b']);
});

test('filesystem: rotation by size keeps logger_rotate_max_files copies', async () => {
  const ctx = context('rotate', { logger_rotate: 'true', logger_rotate_size: '100', logger_rotate_max_files: '2' });
  const plugin = createFilesystemLogger(ctx);
  for (let seq = 1; seq <= 6; seq++) await plugin.deliver([diff(seq, String(seq))]);
  const base = join(root, 'rotate', 'logs', 'osqueryd.results.log');
  assert.ok(existsSync(`${base}.1`) && existsSync(`${base}.2`));
  assert.equal(existsSync(`${base}.3`), false);
  const current = readFileSync(base, 'utf8').trim().split('\n');
  assert.equal((JSON.parse(current[current.length - 1] ?? '{}') as { counter: number }).counter, 6);
});

test('stdout: lines in osquery format, resolved after the write', async () => {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const plugin = createStdoutLogger(context('stdout', { logger_event_type: 'false' }), out);
  await plugin.deliver([diff(1, 'a')]);
  assert.match(chunks.join(''), /^\{"diffResults":\{"removed":\[\],"added":\[\{"v":"a"\}\]\},"name":"q"/);
});

test('syslog: datagrams to the socket with facility, priority, program name and cee prefix', async () => {
  const socketPath = join(root, 'dev-log');
  const server = new DatagramReceiver(socketPath);
  const received: string[] = [];
  try {
    const plugin = createSyslogLogger(
      context('syslog', { logger_syslog_socket: socketPath, logger_syslog_prepend_cee: 'true' }),
    );
    await plugin.deliver([diff(1, 'a'), { seq: 2, payload: status }]);
    received.push(...server.drain().map((b) => b.toString()));
    await plugin.close();
  } finally {
    server.close();
  }
  assert.match(received[0] ?? '', /^<158>Jan {2}1 00:00:00 osqueryd\[\d+\]: @cee:\{"name":"q"/);
  assert.match(
    received[1] ?? '',
    /^<156>Jan {2}1 00:00:00 osqueryd\[\d+\]: severity=1 location=daemon\.ts:7 message=careful$/,
  );
});

test('syslog: a missing socket drops lines with a clear error instead of failing delivery', async () => {
  const ctx = context('nosyslog', { logger_syslog_socket: join(root, 'missing.sock') });
  const plugin = createSyslogLogger(ctx);
  await plugin.deliver([diff(1, 'a')]);
  assert.equal(await plugin.healthcheck?.(), false);
  assert.match(await ctx.metrics.metrics(), /osprey_syslog_dropped_lines_total 1/);
});

test('logger_plugin takes a comma list of registered names', () => {
  assert.deepEqual(parseLoggerPlugins('filesystem,stdout'), ['filesystem', 'stdout']);
  assert.throws(() => parseLoggerPlugins('filesystem,carrier_pigeon'), /Unknown logger plugin "carrier_pigeon"/);
});

test('filesystem: an explicit logger_mode applies to files, and the directory lets those readers in', async () => {
  const plugin = createFilesystemLogger(context('mode', { logger_mode: '0640' }));
  await plugin.deliver([diff(1, 'a')]);
  assert.equal(statSync(join(root, 'mode', 'logs', 'osqueryd.results.log')).mode & 0o777, 0o640);
  assert.equal(statSync(join(root, 'mode', 'logs')).mode & 0o777, 0o750);
});
