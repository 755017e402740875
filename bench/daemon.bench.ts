/**
 * The daemon's costs. (a) The differential engine: diff of two 100,000-row result sets (8 columns, 1% of rows
 * changed), including canonicalising the new rows. (b) A real `osprey daemon` (watcher + worker) running the Linux
 * queries of osquery's incident-response and it-compliance packs at 10 s intervals for OSPREY_BENCH_SECONDS (default
 * 60; issue #19's figure is 600): mean CPU % of one core and peak RSS, against osquery's watchdog limits (10 %, 200 MB)
 * and issue #19's goals (2 %, 80 MB), plus the worker's peak anonymous RSS (its own memory, without file pages) and
 * the pair's peak PSS (shared pages such as node's text split between the processes that map them).
 * OSPREY_BENCH_PROFILE=1 also runs a third daemon under `node --cpu-prof` (never the measured one: the profiler
 * costs several times the daemon's own CPU) and reports the three costliest functions of its busiest process (the
 * worker); OSPREY_BENCH_PROFILE_DIR=<dir> keeps the
 * .cpuprofile files there. OSPREY_BENCH_COMPARE=<checkout> runs that checkout's daemon (built) side by side, over
 * the same window, as the "before" baseline. An idle `node` process (a timer every second) is the floor.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fromRoot } from '../common/paths.js';
import { decodeResultSet, linesByHash } from '../collector/daemon/diff.js';
import { evaluate, type PreviousResult } from '../collector/daemon/results.js';
import { platformMatches } from '../collector/daemon/filters.js';
import { exited } from './support/daemon-process.js';
import { measure, spawnDaemonAt, spawnIdleNode, type Subject, type Usage } from './support/daemon-usage.js';
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

/** The executor's path for one run: engine rows to logged rows, canonical lines, row hashes, multiset diff. */
function benchDiff(): BenchResult {
  const count = 100_000;
  const kind = { snapshot: false, eventBased: false, logRemoved: true };
  const first = evaluate(undefined, toLoggedRows(COLUMNS, engineRows(count, false), { numerics: false }), 0, kind);
  const stored = decodeResultSet(first.next?.rows ?? '');
  const order = first.next?.order ?? [];
  const previous: PreviousResult = {
    epoch: 0,
    counter: 0,
    hashes: first.next?.hashes ?? new Map(),
    lines: (wanted) => linesByHash(stored, order, wanted),
  };
  const after = engineRows(count, true);
  let best = Infinity;
  let changed = 0;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    const { outcome } = evaluate(previous, toLoggedRows(COLUMNS, after, { numerics: false }), 0, kind);
    best = Math.min(best, performance.now() - started);
    changed = outcome.kind === 'diff' ? outcome.added.length + outcome.removed.length : 0;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A state directory with the packs' config, and the daemon flags that use it. */
function daemonDir(config: Record<string, unknown>): { dir: string; flags: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-bench-daemon-'));
  writeFileSync(join(dir, 'osquery.conf'), JSON.stringify(config));
  const flags = [
    `--config_path=${join(dir, 'osquery.conf')}`,
    `--database_path=${join(dir, 'db')}`,
    `--logger_path=${join(dir, 'logs')}`,
    '--metrics_listen=',
  ];
  return { dir, flags };
}

async function benchDaemon(seconds: number): Promise<BenchResult[]> {
  const config = packConfig();
  const queryCount = Object.values(config.packs as Record<string, { queries: object }>).reduce(
    (n, p) => n + Object.keys(p.queries).length,
    0,
  );
  const profile = process.env.OSPREY_BENCH_PROFILE === '1';
  const before = process.env.OSPREY_BENCH_COMPARE; // another checkout (built), run side by side as "before"
  const ours = daemonDir(config);
  const profileDir = process.env.OSPREY_BENCH_PROFILE_DIR ?? join(ours.dir, 'profiles');
  const subjects: Subject[] = [{ label: 'this', child: spawnDaemonAt(fromRoot(), ours.flags) }];
  const theirs = before ? daemonDir(config) : undefined;
  if (before && theirs) subjects.push({ label: 'before', child: spawnDaemonAt(before, theirs.flags) });
  // The profiler's sampling costs several times the daemon's own CPU: a third daemon is profiled, never measured.
  const profiled = profile ? daemonDir(config) : undefined;
  if (profiled) subjects.push({ label: 'profiled', child: spawnDaemonAt(fromRoot(), profiled.flags, profileDir) });
  subjects.push({ label: 'idle', child: spawnIdleNode() });
  const results: BenchResult[] = [];
  try {
    await sleep(10_000); // start-up (module loading, table discovery) is not steady state
    const usage = await measure(subjects, seconds);
    const note = `${queryCount} Linux queries of incident-response + it-compliance at 10 s, ${seconds} s measured after 10 s warm-up`;
    results.push(...usageRows(usage, note, before));
  } finally {
    for (const s of subjects) s.child.kill('SIGTERM');
    await Promise.all(subjects.map((s) => exited(s.child)));
    if (profile) results.push(...profileRows(profileDir));
    for (const d of [ours, theirs, profiled]) if (d) rmSync(d.dir, { recursive: true, force: true });
  }
  return results;
}

/** CPU and RSS rows: against the "before" daemon when there is one, else against osquery's watchdog limits. */
function usageRows(usage: Map<string, Usage>, note: string, before: string | undefined): BenchResult[] {
  const ours = usage.get('this') as Usage;
  const old = usage.get('before');
  const idle = usage.get('idle') as Usage;
  const vs = (name: string, value: number | undefined, limit: number) =>
    old && value !== undefined ? { name: `before: ${before ?? ''}`, value } : { name, value: limit };
  return [
    {
      name: 'daemon CPU (watcher + worker)',
      value: ours.cpuPercent,
      unit: '% of one core',
      baseline: vs('osquery watchdog limit', old?.cpuPercent, 10),
      note: `${note}; goal < 2 %, osquery's watchdog limit 10 %`,
    },
    {
      name: 'daemon peak RSS (worker)',
      value: ours.peakWorkerMb,
      unit: 'MB',
      baseline: vs('osquery watchdog limit', old?.peakWorkerMb, 200),
      note: "VmRSS, what osquery's watchdog limits (200 MB); issue #19's goal < 80 MB",
    },
    {
      name: 'daemon peak RSS (watcher + worker)',
      value: ours.peakTotalMb,
      unit: 'MB',
      ...(old ? { baseline: { name: 'before', value: old.peakTotalMb } } : {}),
      note: 'both processes map node: its text counts twice here',
    },
    {
      name: 'daemon peak anonymous RSS (worker)',
      value: ours.peakWorkerAnonMb,
      unit: 'MB',
      ...(old ? { baseline: { name: 'before', value: old.peakWorkerAnonMb } } : {}),
      note: "RssAnon: the worker's own memory (V8 and malloc heaps), without file pages",
    },
    {
      name: 'daemon peak PSS (watcher + worker)',
      value: ours.peakTotalPssMb,
      unit: 'MB',
      ...(old ? { baseline: { name: 'before', value: old.peakTotalPssMb } } : {}),
      note: "smaps_rollup Pss every 5 s: a page shared by n processes counts 1/n (node's text is shared with the idle node and any 'before' daemon too)",
    },
    { name: 'idle node process CPU (floor)', value: idle.cpuPercent, unit: '% of one core', note: 'same window' },
    { name: 'idle node process peak RSS (floor)', value: idle.peakWorkerMb, unit: 'MB', note: 'same window' },
  ];
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
