/**
 * `osprey shell "SELECT 1"` from process start to exit, under node from the compiled dist/ (median of 20 runs),
 * against `node -e 0` on the same host. Goal (issue #19): under 120 ms. The extra rows show where the time goes: the CLI alone
 * (`osprey --help`), the shell command without the engine (`osprey shell --help`), and, timed inside one process,
 * loading the engine module, creating the engine, and listing its tables (table discovery, which from dist/ waits
 * for the first statement that may name a table: `SELECT 1` does not pay for it).
 * Needs `npm run build` first (npm run bench does it); OSPREY_BENCH_CLI points at another compiled osprey.js, and
 * OSPREY_BENCH_BEFORE at an older build's osprey.js to time it in the same rounds (a before/after row).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../common/paths.js';
import { formatResults, type BenchResult } from './types.js';

const RUNS = 20;

function cliPath(): string {
  const cli = process.env.OSPREY_BENCH_CLI ?? fromRoot('dist/cli/osprey.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first.`);
  return cli;
}

/** Wall time of one child process, start to exit, in milliseconds. */
function timeOnce(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(result.status)}: ${result.stderr}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Medians of several commands measured round-robin (one run of each per round), so a busy host slows all of them
 * alike instead of whichever happened to run during a burst.
 */
function interleavedMedians(commands: string[][]): number[] {
  for (const args of commands) timeOnce(args); // warm the file cache once
  const samples: number[][] = commands.map(() => []);
  for (let round = 0; round < RUNS; round++) {
    commands.forEach((args, i) => samples[i]?.push(timeOnce(args)));
  }
  return samples.map(median);
}

interface EngineBreakdown {
  importMs: number;
  createMs: number;
  discoverMs: number;
  tables: number;
}

/** Times, inside one fresh process, `import(engine.js)`, `Engine.create()` and the first `tables()`; prints JSON. */
function engineBreakdown(cli: string): EngineBreakdown {
  const engineUrl = pathToFileURL(join(dirname(cli), '..', 'collector', 'engine', 'engine.js')).href;
  const script = `
    const t0 = performance.now();
    const { Engine } = await import(${JSON.stringify(engineUrl)});
    const t1 = performance.now();
    const engine = await Engine.create();
    const t2 = performance.now();
    const tables = engine.tables().length;
    const t3 = performance.now();
    console.log(JSON.stringify({ importMs: t1 - t0, createMs: t2 - t1, discoverMs: t3 - t2, tables }));
    engine.close();`;
  const samples = Array.from({ length: 5 }, () => {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`engine breakdown failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as EngineBreakdown;
  });
  return {
    importMs: median(samples.map((s) => s.importMs)),
    createMs: median(samples.map((s) => s.createMs)),
    discoverMs: median(samples.map((s) => s.discoverMs)),
    tables: samples[0]?.tables ?? 0,
  };
}

export async function run(): Promise<BenchResult[]> {
  const cli = cliPath();
  const before = process.env.OSPREY_BENCH_BEFORE;
  const [nodeOnly = 0, select1 = 0, cliOnly = 0, shellNoEngine = 0, select1Before] = interleavedMedians([
    ['-e', '0'],
    [cli, 'shell', 'SELECT 1'],
    [cli, '--help'],
    [cli, 'shell', '--help'],
    ...(before === undefined ? [] : [[before, 'shell', 'SELECT 1']]),
  ]);
  const baseline = { name: 'node -e 0', value: nodeOnly };
  const breakdown = engineBreakdown(cli);
  const beforeRow: BenchResult[] =
    select1Before === undefined
      ? []
      : [{ name: `osprey shell "SELECT 1", ${before ?? ''}`, value: select1Before, unit: 'ms', baseline }];
  return [
    { name: 'osprey shell "SELECT 1" (median of 20)', value: select1, unit: 'ms', baseline, note: 'goal < 120 ms' },
    ...beforeRow,
    { name: 'osprey --help (CLI dispatch only)', value: cliOnly, unit: 'ms', baseline },
    { name: 'osprey shell --help (shell + flags, no engine)', value: shellNoEngine, unit: 'ms', baseline },
    {
      name: 'import engine module (in process)',
      value: breakdown.importMs,
      unit: 'ms',
      note: 'engine modules a statement naming no table needs',
    },
    {
      name: 'Engine.create() (in process)',
      value: breakdown.createMs,
      unit: 'ms',
      note: 'better-sqlite3, SQLite, the native module',
    },
    {
      name: 'first engine.tables() (in process)',
      value: breakdown.discoverMs,
      unit: 'ms',
      note: `discovers ${breakdown.tables} tables (spec cache), registers the SQL functions`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatResults('shell', await run()));
}
