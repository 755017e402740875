import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { decode, encode } from '../codec/avro.js';
import { silentLogger } from '../logger.js';
import { stageMetrics } from '../metrics.js';
import { mapStage } from '../stage.js';
import { EmbeddedBus } from './embedded.js';
import { DEAD_LETTER_HEADERS } from './dead-letter.js';
import { runStage } from './stage-runner.js';
import { waitFor } from '../../test/helpers/wait.js';
import type { BusMessage } from './types.js';

const row = (counter: number) => ({
  id: `id-${counter}`,
  name: 'q',
  hostIdentifier: 'web-1',
  calendarTime: 'c',
  unixTime: 1,
  epoch: 0,
  counter,
  numerics: false,
  action: 'added' as const,
  columns: { pid: String(counter) },
});

test('runStage decodes, processes and sends; an undecodable message goes to the dead-letter topic and the partition moves on', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-runner-'));
  const bus = new EmbeddedBus({ dataDir: dir, maintenanceIntervalMs: 0 });
  t.after(async () => {
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await bus.ensureTopics([{ name: 'in', partitions: 1 }]);
  await bus.producer().send('in', [
    { key: 'web-1', value: encode('result_event', row(1)) },
    { key: 'web-1', value: Buffer.from('not avro'), headers: { trace: 'x' } },
    { key: 'web-1', value: encode('result_event', row(2)) },
  ]);
  const registry = new Registry();
  const stage = mapStage('pid-extractor', (e: { columns: Record<string, unknown> }) => String(e.columns.pid));
  const run = runStage({
    consumer: bus.consumer({ groupId: 'runner', topics: ['in'] }),
    producer: bus.producer(),
    stage,
    decode: (m: BusMessage) => {
      const decoded = decode(m.value, m);
      if (decoded.schemaName !== 'result_event') throw new Error(`unexpected ${decoded.schemaName}`);
      return decoded.value;
    },
    route: (pid: string) => ({ topic: 'out', message: { key: 'web-1', value: Buffer.from(pid) } }),
    log: silentLogger(),
    metrics: stageMetrics(registry, 'test'),
  });
  const out: BusMessage[] = [];
  const dead: BusMessage[] = [];
  const reader = bus.consumer({ groupId: 'check', topics: ['out', 'osprey.deadletter'] });
  await new Promise<void>((resolve) => {
    void reader.run(async (batch) => {
      (batch.topic === 'out' ? out : dead).push(...batch.messages);
      if (out.length === 2 && dead.length === 1) resolve();
    });
  });
  await reader.close();
  await run.stop();
  assert.deepEqual(
    out.map((m) => m.value.toString()),
    ['1', '2'],
  );
  const letter = dead[0];
  assert.ok(letter);
  assert.equal(letter.value.toString(), 'not avro');
  assert.equal(letter.headers[DEAD_LETTER_HEADERS.topic], 'in');
  assert.equal(letter.headers[DEAD_LETTER_HEADERS.partition], '0');
  assert.equal(letter.headers[DEAD_LETTER_HEADERS.offset], '1');
  assert.match(letter.headers[DEAD_LETTER_HEADERS.error] ?? '', /DECODE|decode.*in\/0@1/i);
  assert.equal(letter.headers.trace, 'x');
  const errors = await registry.getSingleMetricAsString('osprey_component_errors_total');
  assert.match(errors, /error_type="decode"} 1/);
  assert.deepEqual(
    (await bus.consumer({ groupId: 'runner', topics: ['in'] }).lag()).map((l) => l.lag),
    [0],
  );
});

test('with consumerLag, osprey_consumer_lag follows the committed offset per group, topic and partition', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-runner-lag-'));
  const bus = new EmbeddedBus({ dataDir: dir, maintenanceIntervalMs: 0 });
  t.after(async () => {
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await bus.ensureTopics([{ name: 'lagged', partitions: 1 }]);
  await bus.producer().send(
    'lagged',
    [1, 2, 3].map((n) => ({ key: 'k', value: Buffer.from(String(n)) })),
  );
  const registry = new Registry();
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const stage = {
    name: 'held',
    // The first batch waits, so its offsets stay uncommitted while the lag is measured.
    process: async (inputs: readonly string[]) => {
      await held;
      return [...inputs];
    },
    close: async () => [] as string[],
  };
  const run = runStage({
    consumer: bus.consumer({ groupId: 'lagging', topics: ['lagged'] }),
    producer: bus.producer(),
    stage,
    decode: (m: BusMessage) => m.value.toString(),
    route: (value: string) => ({ topic: 'lag-out', message: { key: 'k', value: Buffer.from(value) } }),
    log: silentLogger(),
    metrics: stageMetrics(registry, 'held'),
    consumerLag: { registry, group: 'lagging', intervalMs: 20 },
  });
  const lagValue = async (): Promise<number | undefined> => {
    const metric = await registry.getSingleMetric('osprey_consumer_lag')?.get();
    const sample = metric?.values.find(
      (v) => v.labels.group === 'lagging' && v.labels.topic === 'lagged' && v.labels.partition === '0',
    );
    return sample?.value;
  };
  const until = (want: number): Promise<boolean> =>
    waitFor(`the lag gauge to read ${want}`, async () => (await lagValue()) === want);
  await until(3);
  release();
  await until(0);
  await run.stop();
});
