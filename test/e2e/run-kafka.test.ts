/**
 * The same end-to-end scenario as run.test.ts, with the stages talking over a real Kafka-protocol broker (the
 * librdkafka mock cluster in kcat) instead of the embedded bus.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startKafkaMock } from '../helpers/kafka-mock.js';
import { osprey, start } from '../helpers/osprey-cli.js';
import { playScenario, startPeer } from './scenario.js';

const work = mkdtempSync(join(tmpdir(), 'osprey-e2e-kafka-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('osprey run --kafka attributes a shipped alert to a real process over Kafka', { timeout: 300_000 }, async () => {
  const kafka = await startKafkaMock();
  const dataDir = join(work, 'data');
  const shipConfig = join(work, 'ship.yml');
  // The mock cluster has no InitProducerId, so idempotence is off here (it is on by default).
  writeFileSync(
    shipConfig,
    `bus: {type: kafka, brokers: [${kafka.brokers.map((b) => `"${b}"`).join(', ')}], idempotent: false}\n`,
  );
  const peer = await startPeer();
  const run = start([
    'run',
    '--data_dir',
    dataDir,
    '--metrics_listen',
    '127.0.0.1:0',
    '--kafka',
    kafka.bootstrapServers,
    '--kafka_idempotence=false',
  ]);
  try {
    await playScenario(
      dataDir,
      peer,
      (eve) => {
        const shipped = osprey(['ship', 'suricata', eve, '--config', shipConfig, '--data_dir', dataDir]);
        assert.equal(shipped.status, 0, shipped.stderr);
      },
      work,
    );
    assert.match(run.output(), new RegExp(`bus: +kafka ${kafka.bootstrapServers.replaceAll('.', '\\.')}`));
  } finally {
    peer.child.kill();
    await run.stop();
    await kafka.stop();
  }
});
