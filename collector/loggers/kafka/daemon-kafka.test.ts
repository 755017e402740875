import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decode } from '../../../common/codec/avro.js';
import { silentLogger } from '../../../common/logger.js';
import { kcatConsume, startKafkaMock, type KafkaMock } from '../../../test/helpers/kafka-mock.js';
import { Daemon } from '../../daemon/daemon.js';
import { daemonFlags } from '../../daemon/flags.js';
import { KAFKA_LOGGER_FLAGS } from './flags.js';

let mock: KafkaMock;
const root = mkdtempSync(join(tmpdir(), 'osprey-daemon-kafka-'));
before(async () => {
  mock = await startKafkaMock();
});
after(async () => {
  await mock.stop();
  rmSync(root, { recursive: true, force: true });
});

interface Line {
  name: string;
  action: string;
  counter: number;
  hostIdentifier: string;
  columns: Record<string, string>;
}

test('the daemon logs through filesystem and kafka_producer: kcat reads Avro that decodes to the lines it logged', async () => {
  const configPath = join(root, 'osquery.conf');
  mkdirSync(root, { recursive: true });
  writeFileSync(
    configPath,
    JSON.stringify({
      schedule: { numbers: { query: 'SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3', interval: 1 } },
      kafka_topics: { 'osprey.numbers': ['numbers'] },
    }),
  );
  const flags = daemonFlags();
  for (const def of KAFKA_LOGGER_FLAGS) flags.define(def);
  const values: Record<string, string> = {
    config_path: configPath,
    database_path: join(root, 'db'),
    logger_path: join(root, 'logs'),
    logger_plugin: 'filesystem,kafka_producer',
    logger_kafka_brokers: mock.bootstrapServers,
    logger_kafka_idempotence: 'false',
    disable_watchdog: 'true',
    osprey_tick_ms: '5',
    schedule_timeout: '3',
    host_identifier: 'specified',
    specified_identifier: 'kafka-host',
  };
  for (const [key, value] of Object.entries(values)) flags.set(key, value);
  const daemon = await Daemon.start({ flags, log: silentLogger() });
  await daemon.done;
  const logged = readFileSync(join(root, 'logs', 'osqueryd.results.log'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
  const numbers = logged.filter((l) => l.name === 'numbers');
  assert.equal(numbers.length, 3);
  const fromKafka = kcatConsume(mock.bootstrapServers, 'osprey.numbers', numbers.length).map(
    (v) => decode(v).value as unknown as Line,
  );
  assert.deepEqual(
    fromKafka.map((e) => [e.name, e.action, e.counter, e.hostIdentifier, { ...e.columns }]),
    numbers.map((l) => [l.name, l.action, l.counter, l.hostIdentifier, l.columns]),
  );
});
