import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import { waitFor } from '../../test/helpers/wait.js';
import { Daemon } from './daemon.js';
import { daemonFlags } from './flags.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-daemon-'));
after(() => rmSync(root, { recursive: true, force: true }));

interface Line {
  name: string;
  counter: number;
  action?: string;
  columns?: Record<string, string>;
  decorations?: Record<string, string>;
  hostIdentifier: string;
}

function setup(name: string, config: unknown, extra: Record<string, string> = {}) {
  const dir = join(root, name);
  const configPath = join(dir, 'osquery.conf');
  const flags = daemonFlags();
  const values: Record<string, string> = {
    config_path: configPath,
    database_path: join(dir, 'db'),
    logger_path: join(dir, 'logs'),
    disable_watchdog: 'true',
    osprey_tick_ms: '5',
    schedule_timeout: '6',
    host_identifier: 'specified',
    specified_identifier: 'test-host',
    ...extra,
  };
  for (const [key, value] of Object.entries(values)) flags.set(key, value);
  writeConfig(configPath, config);
  return {
    dir,
    flags,
    configPath,
    results: join(dir, 'logs', 'osqueryd.results.log'),
    info: join(dir, 'logs', 'osqueryd.INFO'),
  };
}

function writeConfig(path: string, config: unknown): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
}

/** The logged lines; none while the file is not written yet. */
function lines(path: string): Line[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

const CONFIG = {
  decorators: { load: ["SELECT 'blue' AS team"] },
  schedule: {
    numbers: { query: 'SELECT 1 AS n UNION ALL SELECT 2', interval: 1 },
    schedule_view: { query: "SELECT name FROM osquery_schedule WHERE name = 'numbers'", interval: 2 },
    packs_view: { query: 'SELECT name, active, discovery_executions FROM osquery_packs', interval: 1, snapshot: true },
  },
  packs: {
    found: { discovery: ['SELECT 1', 'SELECT 2'], queries: { q: { query: 'SELECT 3 AS three', interval: 1 } } },
    not_found: {
      discovery: ['SELECT 1', 'SELECT 1 WHERE 0'],
      queries: { q: { query: 'SELECT 4 AS four', interval: 1 } },
    },
    other_os: { platform: 'darwin', queries: { q: { query: 'SELECT 5', interval: 1 } } },
  },
};

test('schedule, packs with AND discovery, decorators and differential results end to end', async () => {
  const env = setup('e2e', CONFIG);
  const daemon = await Daemon.start({ flags: env.flags, log: silentLogger() });
  await daemon.done;
  const out = lines(env.results);
  const numbers = out.filter((l) => l.name === 'numbers');
  assert.deepEqual(
    numbers.map((l) => [l.counter, l.action, l.columns?.n]),
    [
      [0, 'added', '1'],
      [0, 'added', '2'],
    ],
  );
  assert.equal(numbers[0]?.hostIdentifier, 'test-host');
  assert.deepEqual(numbers[0]?.decorations, { team: 'blue' });
  assert.ok(out.some((l) => l.name === 'pack_found_q' && l.columns?.three === '3'));
  assert.ok(!out.some((l) => l.name.startsWith('pack_not_found') || l.name.startsWith('pack_other_os')));
  assert.ok(
    out.some((l) => l.name === 'schedule_view' && l.columns?.name === 'numbers'),
    'osquery_schedule lists queries',
  );
  assert.equal(statSync(env.results).mode & 0o777, 0o600, 'results are private by default');
  const snapshots = lines(join(env.dir, 'logs', 'osqueryd.snapshots.log')) as unknown as Array<{
    name: string;
    counter: number;
    snapshot: Array<Record<string, string>>;
  }>;
  assert.ok(snapshots.length >= 5, 'a snapshot every interval');
  assert.ok(snapshots.every((l) => l.name === 'packs_view' && l.counter === 0));
  const packs: Record<string, Record<string, string>> = Object.fromEntries(
    (snapshots[snapshots.length - 1]?.snapshot ?? []).map((r) => [r.name, r]),
  );
  assert.deepEqual(
    Object.fromEntries(Object.entries(packs).map(([name, r]) => [name, [r?.active, r?.discovery_executions]])),
    { main: ['1', '0'], found: ['1', '1'], not_found: ['0', '1'], other_os: ['0', '0'] },
    'discovery is AND-combined and cached for pack_refresh_interval',
  );

  // A restart keeps the differential state: unchanged results are not logged again.
  const again = await Daemon.start({ flags: env.flags, log: silentLogger() });
  await again.done;
  assert.equal(lines(env.results).filter((l) => l.name === 'numbers').length, 2);
});

test('one daemon per database_path', async () => {
  const env = setup('lock', CONFIG, { schedule_timeout: '0' });
  const first = await Daemon.start({ flags: env.flags, log: silentLogger() });
  try {
    await assert.rejects(
      Daemon.start({ flags: env.flags, log: silentLogger() }),
      /Another osprey daemon is using --database_path/,
    );
  } finally {
    await first.stop();
  }
});

test('a broken config fails start-up with every error and its path', async () => {
  const env = setup('broken', { schedule: { a: { query: 'SELECT 1', interval: 'soon' } } });
  await assert.rejects(Daemon.start({ flags: env.flags, log: silentLogger() }), /\$\.schedule\.a\.interval/);
});

test('a broken config on reload keeps the running one; a good one replaces it', async () => {
  const env = setup(
    'reload',
    { schedule: { first: { query: 'SELECT 1 AS one', interval: 1 } } },
    { schedule_timeout: '0' },
  );
  const daemon = await Daemon.start({ flags: env.flags, log: silentLogger() });
  try {
    await waitFor('a result of the first config', () => lines(env.results).some((l) => l.name === 'first'));
    writeConfig(env.configPath, '{ "schedule": ');
    daemon.reload();
    writeConfig(env.configPath, { schedule: { second: { query: 'SELECT 2 AS two', interval: 1 } } });
    daemon.reload();
    await waitFor('a result of the reloaded config', () => lines(env.results).some((l) => l.name === 'second'));
  } finally {
    await daemon.stop();
  }
  const info = readFileSync(env.info, 'utf8');
  assert.match(info, /Config reload failed; keeping the running config: .*osquery\.conf: \$: .*JSON syntax error/);
  assert.match(info, /Config reloaded: 1 scheduled queries/);
});
