import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import { loadConfigText } from '../config/load.js';
import { Engine } from '../engine/engine.js';
import type { DiffRecord } from '../loggers/types.js';
import { Decorators } from './decorators.js';
import { Denylist } from './denylist.js';
import { QueryExecutor } from './executor.js';
import { daemonFlags } from './flags.js';
import { PackRuntime } from './packs.js';
import { buildPacks } from './schedule.js';
import { Scheduler } from './scheduler.js';
import { QueryStats } from './stats.js';
import { StatusLog } from './status.js';
import { DaemonStore } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'osprey-scheduler-'));
let engine: Engine;
before(async () => {
  engine = await Engine.create();
});
after(() => {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A scheduler over the real engine and store, starting at `startTick`, with the given schedule. */
function scheduler(
  name: string,
  schedule: Record<string, unknown>,
  startTick: number,
  afterTick: (tick: number, ran: number) => void = () => undefined,
) {
  const store = DaemonStore.open(join(dir, name));
  const flags = daemonFlags();
  flags.set('schedule_splay_percent', '0'); // reset to 10 by osquery's rule; intervals here are small enough
  const status = new StatusLog({
    log: silentLogger(),
    sink: store,
    hostIdentifier: () => 'h',
    decorations: () => ({}),
    version: 'v',
    minStatus: () => 0,
  });
  const executor = new QueryExecutor({
    engine,
    store,
    status,
    stats: new QueryStats(),
    flags,
    hostIdentifier: () => 'h',
    decorations: () => ({}),
    now: () => 0,
  });
  const denylist = new Denylist(store);
  const s = new Scheduler(
    {
      engine,
      executor,
      decorators: new Decorators(
        engine,
        () => undefined,
        () => false,
      ),
      denylist,
      store,
      flags,
      hostname: () => 'h',
      isEventBased: () => false,
      afterTick,
      onFatal: (err) => {
        throw err;
      },
    },
    startTick,
  );
  const loaded = loadConfigText(JSON.stringify({ schedule }), join(dir, `${name}.conf`));
  assert.deepEqual(loaded.errors, []);
  s.setPacks(
    buildPacks(loaded.config, { hostname: 'h', delimiter: '_', defaultInterval: 3600, warn: () => undefined }).map(
      (p) => new PackRuntime(p),
    ),
  );
  const ran = (): string[] =>
    store
      .pending(0, 1000)
      .filter((r) => r.payload.kind === 'diff')
      .map((r) => (r.payload as DiffRecord).name);
  return { s, store, denylist, ran };
}

test('startup_priority queries run on the first tick in priority order; then tick % interval decides', () => {
  const { s, store, ran } = scheduler(
    'startup',
    {
      late: { query: 'SELECT 1', interval: 7, startup_priority: 2 },
      early: { query: 'SELECT 2', interval: 7, startup_priority: 1 },
      every2: { query: 'SELECT abs(random()) AS r', interval: 2 },
    },
    1001,
  );
  try {
    s.step(); // tick 1001: startup queries only (1001 is odd)
    assert.deepEqual(ran(), ['early', 'late']);
    s.step(); // 1002
    s.step(); // 1003
    s.step(); // 1004
    assert.deepEqual(ran(), ['early', 'late', 'every2', 'every2']);
    assert.equal(s.tick, 1005);
  } finally {
    store.close();
  }
});

test('afterTick is told how many queries each tick ran (the worker trims its memory after those)', () => {
  const counts: Array<[number, number]> = [];
  const { s, store } = scheduler(
    'counts',
    { every2: { query: 'SELECT 1', interval: 2 }, every3: { query: 'SELECT 2', interval: 3 } },
    2000,
    (tick, ran) => counts.push([tick, ran]),
  );
  try {
    for (let i = 0; i < 4; i++) s.step();
    assert.deepEqual(counts, [
      [2000, 1],
      [2001, 1],
      [2002, 1],
      [2003, 0],
    ]);
  } finally {
    store.close();
  }
});

test('cron queries fire when the tick clock matches; denylisted queries are skipped', () => {
  const minute = Date.UTC(2026, 0, 1, 12, 0, 0) / 1000;
  const { s, store, denylist, ran } = scheduler(
    'cron',
    {
      cron_q: { query: 'SELECT abs(random()) AS r', cron: '*/2 * * * *', interval: 1 },
      banned: { query: 'SELECT 2', interval: 1 },
      exempt: { query: 'SELECT 3', interval: 1, denylist: false },
    },
    minute - 1,
  );
  try {
    const now = Math.floor(Date.now() / 1000);
    denylist.add('banned', now);
    denylist.add('exempt', now);
    s.step(); // 11:59:59
    s.step(); // 12:00:00 -> cron fires
    s.step(); // 12:00:01
    assert.deepEqual(
      ran().filter((n) => n === 'cron_q'),
      ['cron_q'],
    );
    assert.equal(ran().includes('banned'), false);
    assert.equal(ran().includes('exempt'), true);
    assert.equal(
      s.activeQueries().find((q) => q.name === 'banned') !== undefined,
      true,
      'still listed in osquery_schedule',
    );
  } finally {
    store.close();
  }
});

test("pack query text runs as osquery runs it; a failing query logs osquery's cause", () => {
  const { s, store, ran } = scheduler(
    'dialect',
    {
      quoted: { query: 'SELECT "running" AS state;  -- a comment after the statement\n', interval: 1 },
      two: { query: 'SELECT 1 AS n; SELECT 2 AS n;', interval: 1 },
      missing: { query: 'SELECT * FROM no_such_table;', interval: 1 },
    },
    1,
  );
  try {
    s.step();
    assert.deepEqual(ran().sort(), ['quoted', 'two']);
    const rows = store.pending(0, 1000).flatMap((r) => (r.payload.kind === 'diff' ? [r.payload] : []));
    assert.deepEqual(rows.find((d) => d.name === 'quoted')?.added, [{ state: 'running' }]);
    assert.deepEqual(rows.find((d) => d.name === 'two')?.added, [{ n: '1' }, { n: '2' }]);
    const messages = store.pending(0, 1000).flatMap((r) => (r.payload.kind === 'status' ? [r.payload.message] : []));
    assert.ok(
      messages.includes('Error executing scheduled query missing: no such table: no_such_table'),
      messages.join('\n'),
    );
  } finally {
    store.close();
  }
});

test('an integral REAL from an expression is logged as osquery logs doubles (4.0), an INTEGER as 4', () => {
  const { s, store } = scheduler(
    'reals',
    { reals: { query: 'SELECT round(3.7) AS r, 4 AS i, 1.5 AS h', interval: 1 } },
    1,
  );
  try {
    s.step();
    const [diff] = store
      .pending(0, 10)
      .map((r) => r.payload)
      .filter((p): p is DiffRecord => p.kind === 'diff');
    assert.deepEqual(diff?.added, [{ h: '1.5', i: '4', r: '4.0' }]);
  } finally {
    store.close();
  }
});
