/**
 * The daemon's costs. (a) The differential engine: diff of two 100,000-row result sets (8 columns, 1% of rows
 * changed), including canonicalising the new rows. (b) A real `osprey daemon` (watcher + worker) running the Linux
 * queries of osquery's incident-response and it-compliance packs at 10 s intervals for OSPREY_BENCH_SECONDS (default
 * 60; issue #19's figure is 600): mean CPU % of one core and peak RSS, against osquery's watchdog limits (10 %, 200 MB)
 * and issue #19's goals (2 %, 80 MB). OSPREY_BENCH_PROFILE=1 also runs the daemon under `node --cpu-prof` and reports
 * the three costliest functions of its busiest process (the worker).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fromRoot } from '../common/paths.js';
import { canonicalRows, diffResultSets } from '../collector/daemon/diff.js';
import { platformMatches } from '../collector/daemon/filters.js';
import { exited, spawnDaemon } from './support/daemon-process.js';
import { readProcessUsage } from '../collector/daemon/watchdog-limits.js';
import { toLoggedRows } from '../collector/daemon/rows.js';
import type { SqlValue } from '../collector/engine/spec.js';
import { topCosts } from './cpu-profile.js';
import { formatResults, type BenchResult } from './types.js';

const COLUMNS = ['pid', 'name', 'path', 'cmdline', 'uid', 'state', 'resident_size', 'start_time'];

/** A processes-like result set as the engine returns it; `changed` alters 1% of the rows. */
function engineRows(count: number, changed: boolean): SqlValue[][] {
  return Array.from({ length: count }, (_, i) => [
    i,
    `process-${i}`,
    `/usr/bin/process-${i}`,
    `/usr/bin/process-${i} --flag ${i % 7}`,
    i % 1000,
    changed && i % 100 === 0 ? 'R' : 'S',
    i * 4096,
    1700000000 + i,
  ]);
}

/** The executor's path for one run: engine rows to logged rows, canonical lines, multiset diff. */
function benchDiff(): BenchResult {
  const count = 100_000;
  const before = canonicalRows(toLoggedRows(COLUMNS, engineRows(count, false), { numerics: false }));
  const after = engineRows(count, true);
  let best = Infinity;
  let changed = 0;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    const logged = toLoggedRows(COLUMNS, after, { numerics: false });
    const diff = diffResultSets(before, canonicalRows(logged), logged);
    best = Math.min(best, performance.now() - started);
    changed = diff.added.length + diff.removed.length;
  }
  return {
    name: 'diff of two 100,000-row result sets',
    value: count / (best / 1000),
    unit: 'rows/s',
    note: `best of 5, 8 columns, 1% changed (${changed} rows in the diff), including value conversion; ${best.toFixed(0)} ms per diff`,
  };
}

/** The two packs' Linux queries (osquery's platform rules) at a 10 s interval. */
function packConfig(): Record<string, unknown> {
  const packs: Record<string, unknown> = {};
  for (const name of ['incident-response', 'it-compliance']) {
    const pack = JSON.parse(readFileSync(fromRoot('packs', `${name}.conf`), 'utf8')) as {
      queries: Record<string, { query: string; platform?: string }>;
    };
    const queries: Record<string, unknown> = {};
    for (const [queryName, q] of Object.entries(pack.queries)) {
      if (platformMatches(q.platform)) queries[queryName] = { query: q.query, interval: 10 };
    }
    packs[name] = { queries };
  }
  return { packs };
}

function workerPid(watcherPid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${watcherPid}/task/${watcherPid}/children`, 'utf8').trim().split(/\s+/);
    return children[0] ? Number(children[0]) : undefined;
  } catch {
    return undefined;
  }
}

async function benchDaemon(seconds: number): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-bench-daemon-'));
  const config = packConfig();
  const queryCount = Object.values(config.packs as Record<string, { queries: object }>).reduce(
    (n, p) => n + Object.keys(p.queries).length,
    0,
  );
  writeFileSync(join(dir, 'osquery.conf'), JSON.stringify(config));
  const profileDir = join(dir, 'profiles');
  const profile = process.env.OSPREY_BENCH_PROFILE === '1';
  const flags = [
    `--config_path=${join(dir, 'osquery.conf')}`,
    `--database_path=${join(dir, 'db')}`,
    `--logger_path=${join(dir, 'logs')}`,
  ];
  // --cpu-prof is refused in NODE_OPTIONS; given to the watcher's node, the worker inherits it through execArgv.
  const child = profile
    ? spawn(
        process.execPath,
        ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, fromRoot('dist', 'cli', 'osprey.js'), 'daemon', ...flags],
        {
          cwd: fromRoot(),
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
    : spawnDaemon(flags);
  const results: BenchResult[] = [];
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    await sleep(10_000); // start-up (module loading, table discovery) is not steady state
    const pids = () => [child.pid ?? 0, workerPid(child.pid ?? 0) ?? 0].filter((p) => p > 0);
    const cpuOf = () => pids().reduce((sum, pid) => sum + (readProcessUsage(pid)?.cpuMs ?? 0), 0);
    const startCpu = cpuOf();
    const startWall = performance.now();
    let peakWorker = 0;
    let peakTotal = 0;
    for (let t = 0; t < seconds; t++) {
      await sleep(1000);
      const [watcher = 0, worker = 0] = pids().map((pid) => readProcessUsage(pid)?.rssBytes ?? 0);
      peakWorker = Math.max(peakWorker, worker);
      peakTotal = Math.max(peakTotal, watcher + worker);
    }
    const cpuPercent = ((cpuOf() - startCpu) / (performance.now() - startWall)) * 100;
    const note = `${queryCount} Linux queries of incident-response + it-compliance at 10 s, ${seconds} s measured after 10 s warm-up`;
    results.push(
      {
        name: 'daemon CPU (watcher + worker)',
        value: cpuPercent,
        unit: '% of one core',
        baseline: { name: 'osquery watchdog limit', value: 10 },
        note: `${note}; goal < 2 %`,
      },
      {
        name: 'daemon peak RSS (worker)',
        value: peakWorker / 1024 / 1024,
        unit: 'MB',
        baseline: { name: 'osquery watchdog limit', value: 200 },
      },
      { name: 'daemon peak RSS (watcher + worker)', value: peakTotal / 1024 / 1024, unit: 'MB', note: 'goal < 80 MB' },
    );
  } finally {
    child.kill('SIGTERM');
    await exited(child);
    if (profile) results.push(...profileRows(profileDir));
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** The daemon's busiest process (start-up included), its three costliest functions by self time. */
function profileRows(dir: string): BenchResult[] {
  let top: ReturnType<typeof topCosts>;
  try {
    top = topCosts(dir);
  } catch (err) {
    return [{ name: 'daemon profile', value: NaN, unit: '', note: `no profile: ${String(err)}` }];
  }
  if (top === undefined) return [{ name: 'daemon profile', value: NaN, unit: '', note: 'no profile was written' }];
  const { costs, busyMs, file } = top;
  return costs.map((cost, i) => ({
    name: `daemon cost #${i + 1}: ${cost.frame}`,
    value: cost.selfMs,
    unit: 'ms self',
    note: `${cost.percent.toFixed(1)} % of ${busyMs.toFixed(0)} ms busy (${file})`,
  }));
}

export async function run(): Promise<BenchResult[]> {
  const seconds = Number(process.env.OSPREY_BENCH_SECONDS ?? 60) || 60;
  return [benchDiff(), ...(await benchDaemon(seconds))];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatResults('daemon', await run()));
}
