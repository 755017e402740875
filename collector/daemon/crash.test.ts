/**
 * Crash safety: a real daemon process is killed with SIGKILL at random moments and restarted on the same
 * database_path; the results log must hold every counter of a query whose result changes on every run exactly once,
 * with each run's removed row equal to the previous run's added row (no row lost, none logged twice).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { randomForTest } from '../../test/helpers/seed.js';
import { waitFor } from '../../test/helpers/wait.js';
import { exited, readLines, spawnDaemon } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'osprey-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const KILLS = 6;

interface Line {
  name: string;
  counter: number;
  action: 'added' | 'removed';
  columns: { r: string };
}

test(`kill -9 at random points ${KILLS} times: every counter once, diffs chain`, async (t) => {
  const random = randomForTest((message) => t.diagnostic(message));
  const configPath = join(dir, 'osquery.conf');
  writeFileSync(
    configPath,
    JSON.stringify({ schedule: { changing: { query: 'SELECT abs(random()) AS r', interval: 1 } } }),
  );
  const results = join(dir, 'logs', 'osqueryd.results.log');
  const args = [
    '--disable_watchdog',
    `--config_path=${configPath}`,
    `--database_path=${join(dir, 'db')}`,
    `--logger_path=${join(dir, 'logs')}`,
    '--osprey_tick_ms=5',
  ];
  const size = (): number => {
    try {
      return statSync(results).size;
    } catch {
      return 0;
    }
  };
  for (let i = 0; i < KILLS; i++) {
    const child = spawnDaemon(args);
    const before = size();
    await waitFor('the daemon to log a result', () => size() > before || child.exitCode !== null);
    assert.equal(child.exitCode, null, 'the daemon runs');
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 150)));
    child.kill('SIGKILL');
    await exited(child);
  }
  const last = spawnDaemon([...args, '--schedule_timeout=20']);
  assert.deepEqual(await exited(last), { code: 0, signal: null });

  const lines = readLines(results).map((l) => JSON.parse(l) as Line);
  assert.ok(lines.every((l) => l.name === 'changing'));
  const byCounter = new Map<number, Line[]>();
  for (const line of lines) byCounter.set(line.counter, [...(byCounter.get(line.counter) ?? []), line]);
  const counters = [...byCounter.keys()].sort((a, b) => a - b);
  assert.ok(counters.length > KILLS, `ran ${counters.length} times`);
  assert.deepEqual(
    counters,
    counters.map((_, i) => i),
    'counters 0..n, no gaps',
  );
  assert.deepEqual(
    byCounter.get(0)?.map((l) => l.action),
    ['added'],
  );
  for (const counter of counters.slice(1)) {
    const run = byCounter.get(counter) ?? [];
    assert.deepEqual(
      run.map((l) => l.action),
      ['removed', 'added'],
      `counter ${counter} logged exactly once`,
    );
    const previousAdded = byCounter.get(counter - 1)?.find((l) => l.action === 'added');
    assert.equal(run[0]?.columns.r, previousAdded?.columns.r, `counter ${counter} removes what ${counter - 1} added`);
  }
});
