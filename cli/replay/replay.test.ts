/**
 * `osprey replay` end to end on fixtures: Zeek (TSV and JSON), EVE and osquery result lines through the enricher and
 * the correlator in event time; malformed records counted with file:line; flows and alerts in the embedded store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../common/paths.js';
import { silentLogger } from '../../common/logger.js';
import { correlatorConfig } from '../../correlator/config.js';
import { DocumentStore } from '../../indexer/store/store.js';
import { search } from '../../indexer/store/search.js';
import { parseLogText } from '../../sensors/parsers/log-parser.js';
import { runReplay } from './replay.js';
import { parseResultLine } from './osquery-results.js';
import { detectFormat, listReplayFiles } from './sources.js';
import { loadRecords } from './stream.js';

const PARSER_FIXTURES = 'sensors/parsers/fixtures';
const fixture = (name: string): string => fromRoot(PARSER_FIXTURES, name);
const OSQUERY = fromRoot('cli/replay/fixtures/osquery-results.log');

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-replay-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('formats are recognised from the first records; other files are left out', () => {
  const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n');
  assert.equal(detectFormat(lines(fixture('test10-conn.log'))), 'zeek');
  assert.equal(detectFormat(lines(fixture('vertical-conn.log'))), 'zeek');
  assert.equal(detectFormat(lines(fixture('eve-small.log'))), 'suricata');
  assert.equal(detectFormat(lines(OSQUERY)), 'osquery');
  assert.equal(detectFormat(lines(fromRoot(PARSER_FIXTURES, 'PROVENANCE.md'))), null);
});

test('every record of every file is read once, in event time, with the counts the parsers give', async (t) => {
  const dir = tempDir(t);
  const broken = join(dir, 'eve-broken.json');
  const eve = readFileSync(fixture('eve-small.log'), 'utf8').trimEnd().split('\n');
  writeFileSync(broken, [eve[0], '{"event_type": "alert", "src_ip": ', eve[1], ''].join('\n'));
  const files = listReplayFiles([
    fixture('vertical-conn.log'),
    fixture('test10-conn.log'),
    fixture('eve-small.log'),
    broken,
  ]);
  const loaded = await loadRecords(files, 'replay');
  // An independent count: the parsers' own whole-text function over the same files.
  const expected = [
    ['zeek', 'vertical-conn.log'],
    ['zeek', 'test10-conn.log'],
    ['suricata', 'eve-small.log'],
  ] as const;
  const parsed = expected.reduce(
    (n, [kind, name]) =>
      n + parseLogText(kind, 'replay', fixture(name), readFileSync(fixture(name), 'utf8')).events.length,
    0,
  );
  const brokenParsed = loaded.files.find((f) => f.file === broken)?.records ?? -1;
  assert.equal(loaded.records.length, parsed + brokenParsed);
  assert.deepEqual(
    loaded.malformed.map((m) => `${m.file}:${m.line}`),
    [`${broken}:2`],
  );
  const times = loaded.records.map((r) => r.time);
  assert.deepEqual(
    times,
    [...times].sort((a, b) => a - b),
  );
});

test('host rows and an EVE alert from 2018 attribute the alert to curl, released by the recorded clock, and land in the store', async (t) => {
  const dir = tempDir(t);
  const loaded = await loadRecords([OSQUERY, fixture('eve-small.log')], 'replay');
  assert.deepEqual(
    loaded.malformed.map((m) => `${m.file}:${m.line}`),
    [`${OSQUERY}:3`],
  );
  const storeDir = join(dir, 'store');
  const outcome = await runReplay({ records: loaded.records, storeDir, log: silentLogger() });
  const ids = outcome.alerts.filter((a) => a.rule.id === 'osprey-ids-attribution');
  assert.equal(ids.length, 1);
  assert.equal(ids[0]?.process?.executable, '/usr/bin/curl');
  assert.equal(ids[0]?.process?.pid, 4242);
  assert.equal(ids[0]?.host?.name, 'laptop-1');
  // Every flow comes out (the network records of eve-small, the alert attributed), none lost in the wait.
  const networkRecords = loaded.records.filter((r) => r.input.kind === 'network').length;
  assert.equal(outcome.flows.length, networkRecords);
  assert.equal(outcome.flows.filter((f) => f.process).length, 1);
  const store = new DocumentStore({ dir: storeDir });
  t.after(() => store.close());
  const stored = search(store, {
    stream: 'alert',
    fields: [{ path: 'rule.id', op: '=', value: 'osprey-ids-attribution' }],
    limit: 10,
  });
  assert.equal(stored.length, 1);
  assert.equal(stored[0]?.body['@timestamp'], '2018-07-05T19:07:20.910Z');
});

test('the command: a JSON summary on stdout; a usage error exits 2', (t) => {
  const dir = tempDir(t);
  const cli = fromRoot('dist/cli/osprey.js');
  const env = { ...process.env, OSPREY_DATA_DIR: dir };
  const ok = spawnSync(process.execPath, [cli, 'replay', fixture('vertical-conn.log'), '--quiet'], {
    env,
    encoding: 'utf8',
  });
  assert.equal(ok.status, 0, ok.stderr);
  const summary = JSON.parse(ok.stdout) as { records: number; flows: number; malformed: number };
  assert.equal(summary.records, 50);
  assert.equal(summary.flows, 50);
  assert.equal(summary.malformed, 0);
  const usage = spawnSync(process.execPath, [cli, 'replay'], { env, encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /PATH/);
  const unknown = spawnSync(process.execPath, [cli, 'replay', fixture('vertical-conn.log'), '--bogus'], {
    env,
    encoding: 'utf8',
  });
  assert.equal(unknown.status, 2);
});

test('osquery result lines in snapshot and batch format give one row each, removed before added', () => {
  const header = {
    name: 'pack_osprey_processes',
    hostIdentifier: 'h',
    calendarTime: 'Thu Jul  5 19:07:10 2018 UTC',
    unixTime: 1530817630,
    epoch: 1,
    counter: 2,
  };
  const snapshot = parseResultLine(
    JSON.stringify({ ...header, snapshot: [{ pid: '1' }, { pid: '2' }], action: 'snapshot' }),
    { file: 'f', line: 1 },
  );
  assert.deepEqual(
    snapshot.map((e) => [e.action, e.columns.pid]),
    [
      ['snapshot', '1'],
      ['snapshot', '2'],
    ],
  );
  const batch = parseResultLine(
    JSON.stringify({ ...header, diffResults: { added: [{ pid: '3' }], removed: [{ pid: '4' }] } }),
    { file: 'f', line: 2 },
  );
  assert.deepEqual(
    batch.map((e) => [e.action, e.columns.pid]),
    [
      ['removed', '4'],
      ['added', '3'],
    ],
  );
  // Ids are the collector's dedupe ids: the same row in the same run has the same id, another row another.
  assert.notEqual(batch[0]?.id, batch[1]?.id);
  assert.equal(
    parseResultLine(JSON.stringify({ ...header, diffResults: { added: [{ pid: '3' }], removed: [] } }), {
      file: 'f',
      line: 3,
    })[0]?.id,
    batch[1]?.id,
  );
  assert.throws(() => parseResultLine('{"name": "x"}', { file: 'f', line: 4 }), /f:4: /);
});

test('flows are released by the recorded clock: all but the last maxWaitMs of event time leave before the end', async () => {
  const loaded = await loadRecords([fromRoot('cli/replay/fixtures/test9-extract-conn.log')], 'replay');
  // One record per batch, so the replay clock steps through every recorded time.
  const outcome = await runReplay({ records: loaded.records, storeDir: null, log: silentLogger(), batchSize: 1 });
  const maxWaitMs = correlatorConfig.parse({}).attribution.maxWaitMs;
  const last = loaded.records[loaded.records.length - 1]?.time ?? 0;
  // No endpoint data, so no endpoint watermark: a flow leaves once the replay clock is maxWaitMs past its arrival.
  // The recording spans minutes and the replay takes well under maxWaitMs of wall time, so a wall clock would hold all.
  const expectedHeld = loaded.records.filter((r) => last - r.time < maxWaitMs).length;
  assert.ok(expectedHeld < loaded.records.length);
  assert.equal(outcome.heldToEnd, expectedHeld);
  assert.equal(outcome.flows.length, loaded.records.length);
});
