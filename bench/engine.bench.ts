/**
 * The SQL engine's cost on a real table: `SELECT * FROM processes` through the engine (native virtual table, JS
 * generator reading /proc) against systeminformation's processes() and against spawning
 * `ps -e -o pid,ppid,comm,args`, on the same host in the same run. Each measure is the median of several runs
 * after a warm-up (systeminformation's calls spaced out so its 500 ms cache never answers). Also: a trivial scan (`SELECT * FROM time`) for the engine's fixed cost per query.
 */
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import si from 'systeminformation';
import { Engine } from '../collector/engine/engine.js';
import { formatResults, type BenchResult } from './types.js';

const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function timeMs(work: () => unknown, runs = RUNS, pauseMs = 0): Promise<number> {
  await work(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (pauseMs > 0) await sleep(pauseMs);
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

export async function run(): Promise<BenchResult[]> {
  const engine = await Engine.create();
  try {
    const rows = engine.query('SELECT * FROM processes').rows.length;
    const engineMs = await timeMs(() => engine.query('SELECT * FROM processes'));
    const pidsMs = await timeMs(() => engine.query('SELECT pid, name FROM processes'));
    const timeTableUs = (await timeMs(() => engine.query('SELECT * FROM time'), 200)) * 1000;
    // systeminformation answers from its cache when called again within 500 ms: pause so every call does the work.
    const siMs = await timeMs(() => si.processes(), 5, 600);
    const psMs = await timeMs(() => spawnSync('ps', ['-e', '-o', 'pid,ppid,comm,args'], { encoding: 'utf8' }));
    const note = `${rows} processes, median of ${RUNS}`;
    return [
      {
        name: 'SELECT * FROM processes',
        value: engineMs,
        unit: 'ms',
        baseline: { name: 'systeminformation processes()', value: siMs },
        note,
      },
      {
        name: 'SELECT * FROM processes',
        value: engineMs,
        unit: 'ms',
        baseline: { name: 'ps -e -o pid,ppid,comm,args', value: psMs },
        note,
      },
      {
        name: 'SELECT pid, name FROM processes',
        value: pidsMs,
        unit: 'ms',
        baseline: { name: 'SELECT * FROM processes', value: engineMs },
        note: 'unused columns skipped',
      },
      { name: 'SELECT * FROM time', value: timeTableUs, unit: 'µs', note: 'fixed cost of one query' },
    ];
  } finally {
    engine.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatResults('engine', await run()));
}
