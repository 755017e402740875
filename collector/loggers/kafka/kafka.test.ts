import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { decode } from '../../../common/codec/avro.js';
import { silentLogger } from '../../../common/logger.js';
import { kcatConsume, startKafkaMock, type KafkaMock } from '../../../test/helpers/kafka-mock.js';
import { formatDiff, DEFAULT_FORMAT } from '../format.js';
import type { DiffRecord, LoggerPluginContext, LogRecord, SnapshotRecord, StatusRecord } from '../types.js';
import { createKafkaLogger } from './kafka.js';
import { dedupeId } from './messages.js';

let mock: KafkaMock;
before(async () => {
  mock = await startKafkaMock();
});
after(async () => {
  await mock.stop();
});

function context(flags: Record<string, string>, config: Record<string, unknown> = {}): LoggerPluginContext {
  const values: Record<string, string> = {
    logger_kafka_brokers: mock.bootstrapServers,
    logger_kafka_acks: 'all',
    logger_kafka_compression: 'gzip',
    logger_event_type: 'true',
    ...flags,
  };
  return {
    flags: { get: (n) => values[n], getBool: (n) => values[n] === 'true', getNumber: (n) => Number(values[n] ?? 0) },
    config: () => config,
    log: silentLogger(),
    metrics: new Registry(),
    stateDir: '/nonexistent',
  };
}

const headerOf = (name: string, counter: number) => ({
  name,
  hostIdentifier: 'web-1',
  calendarTime: 'Sun Nov 22 05:42:40 2026 UTC',
  unixTime: 1795326160,
  epoch: 0,
  counter,
  numerics: false,
  decorations: { host_uuid: 'u-1' },
});
const diff: DiffRecord = {
  kind: 'diff',
  ...headerOf('processes', 1),
  removed: [{ pid: '1', name: 'init' }],
  added: [
    { pid: '42', name: 'sshd' },
    { pid: '43', name: 'bash' },
  ],
};
const mapped: DiffRecord = { kind: 'diff', ...headerOf('listening_ports', 0), removed: [], added: [{ port: '22' }] };
const snapshot: SnapshotRecord = { kind: 'snapshot', ...headerOf('users', 0), rows: [{ uid: '0', username: 'root' }] };
const status: StatusRecord = {
  kind: 'status',
  hostIdentifier: 'web-1',
  calendarTime: 'c',
  unixTime: 1,
  severity: 1,
  filename: 'daemon.ts',
  line: 7,
  message: 'hello',
  version: '0.1.0',
};
const records: LogRecord[] = [diff, mapped, snapshot, status].map((payload, i) => ({ seq: i + 1, payload }));

test('avro: one result_event per changed row, a snapshot_event, a status_log; kafka_topics routes by query name', async () => {
  const plugin = await createKafkaLogger(
    context({ logger_kafka_value_format: 'avro' }, { kafka_topics: { 'osprey.ports': ['listening_ports'] } }),
    { idempotent: false },
  );
  await plugin.deliver(records);
  await plugin.close();
  const results = kcatConsume(mock.bootstrapServers, 'osprey.results', 3).map(
    (v) => decode(v).value as { action: string; columns: object; id: string; hostIdentifier: string },
  );
  assert.deepEqual(
    results.map((r) => [r.action, { ...r.columns }]),
    [
      ['removed', { pid: '1', name: 'init' }],
      ['added', { pid: '42', name: 'sshd' }],
      ['added', { pid: '43', name: 'bash' }],
    ],
  );
  assert.equal(results[0]?.id, dedupeId(diff, 'removed', { pid: '1', name: 'init' }));
  const ports = kcatConsume(mock.bootstrapServers, 'osprey.ports', 1).map((v) => decode(v));
  assert.equal(ports[0]?.schemaName, 'result_event');
  const snaps = kcatConsume(mock.bootstrapServers, 'osprey.snapshots', 1).map((v) => decode(v));
  assert.equal(snaps[0]?.schemaName, 'snapshot_event');
  const statuses = kcatConsume(mock.bootstrapServers, 'osprey.status', 1).map(
    (v) => decode(v).value as { message: string },
  );
  assert.equal(statuses[0]?.message, 'hello');
});

test("json: the values are osquery's exact lines on logger_kafka_topic; status logs are not sent (as osquery)", async () => {
  const plugin = await createKafkaLogger(
    context({ logger_kafka_value_format: 'json', logger_kafka_topic: 'osquery_base' }),
    { idempotent: false },
  );
  await plugin.deliver(records.slice(0, 1));
  await plugin.close();
  const lines = kcatConsume(mock.bootstrapServers, 'osquery_base', 3).map((v) => v.toString());
  assert.deepEqual(lines, formatDiff(diff, DEFAULT_FORMAT));
});

test('bad flag values are CONFIG_INVALID errors naming the flag', async () => {
  await assert.rejects(createKafkaLogger(context({ logger_kafka_value_format: 'xml' })), /logger_kafka_value_format/);
  await assert.rejects(createKafkaLogger(context({ logger_kafka_acks: 'most' })), /logger_kafka_acks/);
});
