import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { silentLogger } from '../../common/logger.js';
import { waitFor } from '../../test/helpers/wait.js';
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import { PositionStore } from './position.js';
import { tailLog } from './tailer.js';

function eve(i: number): string {
  return `${JSON.stringify({ timestamp: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.000000+0000`, flow_id: i, event_type: 'flow', src_ip: '10.0.0.1', src_port: 1000 + i, dest_ip: '10.0.0.2', dest_port: 80, proto: 'TCP', flow: { bytes_toserver: i } })}\n`;
}

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osprey-tail-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const until = (condition: () => boolean, what: string): Promise<boolean> => waitFor(what, condition);

/** Counts reads of the position, which the tailer makes at the end of every pass over the file: a poll witness. */
class CountingPositions extends PositionStore {
  reads = 0;
  override get(logPath: string): ReturnType<PositionStore['get']> {
    this.reads++;
    return super.get(logPath);
  }
}

const ports = (events: NetworkEventInput[]) => events.map((e) => (e.source?.port ?? 0) - 1000);

test(
  'reads a file once, resumes after a restart without loss or duplicates, and keeps its state private',
  withDir(async (dir) => {
    const log = join(dir, 'eve.json');
    const statePath = join(dir, 'state', 'pos.json');
    writeFileSync(log, eve(0) + eve(1) + eve(2));
    const got: NetworkEventInput[] = [];
    const run = () =>
      tailLog({
        path: log,
        kind: 'suricata',
        sensorName: 's1',
        positions: new PositionStore(statePath),
        send: async (b) => void got.push(...b),
        follow: false,
        log: silentLogger(),
      });
    assert.deepEqual(await run(), { shipped: 3, broken: 0 });
    appendFileSync(log, eve(3) + '{"broken\n' + eve(4));
    const errors: Error[] = [];
    const second = await tailLog({
      path: log,
      kind: 'suricata',
      sensorName: 's1',
      positions: new PositionStore(statePath),
      send: async (b) => void got.push(...b),
      follow: false,
      log: silentLogger(),
      onLineError: (e) => errors.push(e),
    });
    assert.deepEqual(second, { shipped: 2, broken: 1 });
    assert.deepEqual(ports(got), [0, 1, 2, 3, 4]);
    assert.match(errors[0]?.message ?? '', /eve\.json:5: not valid JSON/);
    assert.equal(statSync(statePath).mode & 0o777, 0o600);
    assert.equal(JSON.parse(readFileSync(statePath, 'utf8'))[log].line, 6);
  }),
);

test(
  'a failed send does not move the position: the batch is read again next time',
  withDir(async (dir) => {
    const log = join(dir, 'eve.json');
    const statePath = join(dir, 'pos.json');
    writeFileSync(log, eve(0) + eve(1));
    await assert.rejects(
      tailLog({
        path: log,
        kind: 'suricata',
        sensorName: 's',
        positions: new PositionStore(statePath),
        send: async () => {
          throw new Error('broker down');
        },
        follow: false,
        log: silentLogger(),
      }),
      /broker down/,
    );
    const got: NetworkEventInput[] = [];
    await tailLog({
      path: log,
      kind: 'suricata',
      sensorName: 's',
      positions: new PositionStore(statePath),
      send: async (b) => void got.push(...b),
      follow: false,
      log: silentLogger(),
    });
    assert.deepEqual(ports(got), [0, 1]);
  }),
);

test(
  'follows growth, a partial last line, rotation and truncation',
  withDir(async (dir) => {
    const log = join(dir, 'eve.json');
    writeFileSync(log, eve(0));
    const got: NetworkEventInput[] = [];
    const stop = new AbortController();
    const positions = new CountingPositions(join(dir, 'pos.json'));
    const done = tailLog({
      path: log,
      kind: 'suricata',
      sensorName: 's',
      positions,
      send: async (b) => void got.push(...b),
      follow: true,
      log: silentLogger(),
      signal: stop.signal,
      pollMs: 5,
    });
    try {
      await followSteps(log, got, positions);
    } finally {
      stop.abort();
      await done;
    }
    assert.deepEqual(ports(got), [0, 1, 2, 3, 4, 5]);
  }),
);

async function followSteps(log: string, got: NetworkEventInput[], positions: CountingPositions): Promise<void> {
  await until(() => got.length === 1, 'first line');
  const line = eve(1);
  appendFileSync(log, line.slice(0, 20)); // half a line: not shipped yet
  // The pass that ends with the next read may have begun before the append; the one after it began after it.
  const passes = positions.reads;
  await until(() => positions.reads >= passes + 2, 'a pass over the file after the half line was written');
  assert.equal(got.length, 1);
  appendFileSync(log, line.slice(20) + eve(2));
  await until(() => got.length === 3, 'completed partial line');
  // Rotation: the old file gets one more line after the rename, then a new file appears at the path.
  renameSync(log, `${log}.1`);
  appendFileSync(`${log}.1`, eve(3));
  writeFileSync(log, eve(4));
  await until(() => got.length === 5, 'rotation');
  // Truncation (copytruncate): the file is now shorter than the offset, so reading starts over. (As with Filebeat,
  // a truncated file that has already grown past the old offset when looked at cannot be told from a grown one.)
  truncateSync(log, 0);
  appendFileSync(log, shortEve(5));
  await until(() => got.length === 6, 'truncation');
}

function shortEve(i: number): string {
  return `${JSON.stringify({ timestamp: '2024-01-01T00:00:00Z', event_type: 'flow', src_ip: '10.0.0.1', src_port: 1000 + i, dest_ip: '10.0.0.2', dest_port: 80, proto: 'TCP' })}\n`;
}

test(
  'zeek TSV: resuming mid-file re-reads the #fields header',
  withDir(async (dir) => {
    const log = join(dir, 'conn.log');
    const header =
      '#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\n#types\ttime\tstring\taddr\tport\taddr\tport\tenum\n';
    const row = (i: number) => `1700000000.${i}\tC${i}\t10.0.0.1\t${1000 + i}\t10.0.0.2\t80\ttcp\n`;
    writeFileSync(log, header + row(1));
    const got: NetworkEventInput[] = [];
    const run = () =>
      tailLog({
        path: log,
        kind: 'zeek',
        sensorName: 'z',
        positions: new PositionStore(join(dir, 'pos.json')),
        send: async (b) => void got.push(...b),
        follow: false,
        log: silentLogger(),
      });
    await run();
    appendFileSync(log, row(2));
    assert.deepEqual(await run(), { shipped: 1, broken: 0 });
    assert.deepEqual(
      got.map((e) => e.zeek_uid),
      ['C1', 'C2'],
    );
  }),
);

test(
  'gzip files are read once, not followed, and not read again',
  withDir(async (dir) => {
    const log = join(dir, 'eve.json.gz');
    writeFileSync(log, gzipSync(eve(0) + eve(1) + eve(2)));
    const got: NetworkEventInput[] = [];
    const run = () =>
      tailLog({
        path: log,
        kind: 'suricata',
        sensorName: 's',
        positions: new PositionStore(join(dir, 'pos.json')),
        send: async (b) => void got.push(...b),
        follow: true,
        log: silentLogger(),
      });
    assert.deepEqual(await run(), { shipped: 3, broken: 0 });
    assert.deepEqual(await run(), { shipped: 0, broken: 0 });
  }),
);

test(
  'a gzip file that cannot be read fails the read with an error naming it, and the process goes on',
  withDir(async (dir) => {
    const log = join(dir, 'not-a-file.json.gz');
    mkdirSync(log); // read() of a directory fails with EISDIR after the open succeeds
    await assert.rejects(
      tailLog({
        path: log,
        kind: 'suricata',
        sensorName: 's',
        positions: new PositionStore(join(dir, 'pos.json')),
        send: async () => undefined,
        follow: false,
        log: silentLogger(),
      }),
      (err: Error & { code?: string; cause?: { code?: string } }) =>
        err.code === 'IO_ERROR' && err.cause?.code === 'EISDIR' && err.message.startsWith(`${log}: cannot read`),
    );
  }),
);
