/**
 * file_events through a real daemon: inotify on a temporary directory, the event store in the daemon's database,
 * a scheduled query that logs each event once (events_optimize), and a restart that neither repeats nor loses what
 * the store holds.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, unlinkSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import { Daemon } from '../daemon/daemon.js';
import { daemonFlags } from '../daemon/flags.js';
import { waitFor } from '../../test/helpers/wait.js';
import { readLines } from '../daemon/testing.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-daemon-events-'));
after(() => rmSync(root, { recursive: true, force: true }));

interface ResultLine {
  name: string;
  action: string;
  counter: number;
  columns: Record<string, string>;
}

test('a scheduled file_events query logs each event once, across a restart', async () => {
  const watched = join(root, 'watched');
  mkdirSync(watched);
  const configPath = join(root, 'osquery.conf');
  writeFileSync(
    configPath,
    JSON.stringify({
      schedule: {
        fim: { query: 'SELECT target_path, action, eid FROM file_events', interval: 1 },
        publishers: { query: "SELECT name, active FROM osquery_events WHERE type = 'publisher'", interval: 1 },
      },
      file_paths: { watched: [`${watched}/%%`] },
    }),
  );
  const flags = daemonFlags();
  for (const [key, value] of Object.entries({
    config_path: configPath,
    database_path: join(root, 'db'),
    logger_path: join(root, 'logs'),
    disable_watchdog: 'true',
    osprey_tick_ms: '50',
    schedule_timeout: '0',
    disable_events: 'false',
    enable_file_events: 'true',
  })) {
    flags.set(key, value);
  }
  const results = join(root, 'logs', 'osqueryd.results.log');
  const fim = (): ResultLine[] =>
    (readLines(results).map((l) => JSON.parse(l)) as ResultLine[]).filter((l) => l.name === 'fim');
  const logged = (path: string, action: string): boolean =>
    fim().some((l) => l.columns.target_path === path && l.columns.action === action);

  let daemon = await Daemon.start({ flags, log: silentLogger() });
  try {
    const first = join(watched, 'first.txt');
    writeFileSync(first, 'one');
    await waitFor("the first file's CREATED row", () => logged(first, 'CREATED'));
    const second = join(watched, 'second.txt');
    writeFileSync(second, 'two');
    unlinkSync(first);
    await waitFor('the DELETED and second CREATED rows', () => logged(first, 'DELETED') && logged(second, 'CREATED'));
  } finally {
    await daemon.stop();
  }
  const before = fim();
  daemon = await Daemon.start({ flags, log: silentLogger() });
  try {
    const third = join(watched, 'third.txt');
    writeFileSync(third, 'three');
    await waitFor('the CREATED row after the restart', () => logged(third, 'CREATED'));
  } finally {
    await daemon.stop();
  }
  const all = fim();
  const eids = all.map((l) => l.columns.eid);
  assert.equal(new Set(eids).size, eids.length, `no event is logged twice: ${eids.join(' ')}`);
  assert.ok(all.every((l) => l.action === 'added'));
  assert.ok(all.length > before.length);
  const later = all.slice(before.length).map((l) => l.columns.target_path);
  assert.deepEqual([...new Set(later)], [join(watched, 'third.txt')], 'after the restart only the new file is logged');

  const publishers = readLines(results)
    .map((l) => JSON.parse(l) as ResultLine)
    .filter((l) => l.name === 'publishers');
  assert.ok(publishers.some((l) => l.columns.name === 'inotify' && l.columns.active === '1'));
  const info = readFileSync(join(root, 'logs', 'osqueryd.INFO'), 'utf8');
  assert.match(info, /Event publisher inotify started \(file_events, yara_events\): 1 subscriptions\./);
});
