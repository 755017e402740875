/**
 * Issue #19's table and hash goals: each query's cost inside one engine (start-up excluded, as the shell bench
 * measures that) against the whole process of the tool it replaces, run in the same round (interleaved, median of
 * RUNS) so a busy host slows both alike. Goals: ≤ 2× the tool for the tables, ≤ 1.2× sha256sum for `hash`.
 * A tool that is not installed gives "n/a" instead of a ratio. Each case has a second row in CPU time (ours from
 * process.cpuUsage, the tool's from /proc/self/stat's cutime+cstime, 10 ms ticks), which a loaded host skews less.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Engine } from '../collector/engine/engine.js';
import { formatResults, type BenchResult } from './types.js';

const RUNS = Number(process.env.OSPREY_BENCH_RUNS ?? 5);
const HASH_DIR = process.env.OSPREY_BENCH_HASH_DIR ?? '/usr/bin';

interface Case {
  name: string;
  sql: string;
  goal: number;
  /** The reference command; given the rows of the query when it needs them (the file list for the digests). */
  reference: (rows: string[]) => Array<[string, ...string[]]>;
}

const CASES: Case[] = [
  {
    name: 'processes',
    sql: 'SELECT * FROM processes',
    goal: 2,
    reference: () => [['ps', '-eo', 'pid,ppid,uid,gid,comm,args']],
  },
  { name: 'deb_packages', sql: 'SELECT * FROM deb_packages', goal: 2, reference: () => [['dpkg-query', '-W']] },
  {
    name: 'process_open_sockets',
    sql: 'SELECT * FROM process_open_sockets',
    goal: 2,
    reference: () => [['ss', '-tanp']],
  },
  { name: 'users', sql: 'SELECT * FROM users', goal: 2, reference: () => [['getent', 'passwd']] },
  {
    name: 'file /etc/%%',
    sql: "SELECT * FROM file WHERE path LIKE '/etc/%%'",
    goal: 2,
    reference: () => [['find', '/etc']],
  },
  {
    name: `hash sha256 ${HASH_DIR}`,
    sql: `SELECT path, sha256 FROM hash WHERE directory = '${HASH_DIR}'`,
    goal: 1.2,
    reference: (paths) => [['sha256sum', ...paths]],
  },
  {
    name: `hash md5+sha1+sha256 ${HASH_DIR}`,
    sql: `SELECT path, md5, sha1, sha256 FROM hash WHERE directory = '${HASH_DIR}'`,
    goal: 1.2,
    reference: (paths) => [
      ['md5sum', ...paths],
      ['sha1sum', ...paths],
      ['sha256sum', ...paths],
    ],
  },
];

interface Cost {
  wallMs: number;
  cpuMs: number;
}

/** CPU time of this process's waited-for children (Linux clock ticks of 10 ms), in milliseconds. */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function costOf(fn: () => void): Cost {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const children = childrenCpuMs();
  fn();
  const used = process.cpuUsage(cpu);
  return {
    wallMs: Number(process.hrtime.bigint() - started) / 1e6,
    cpuMs: (used.user + used.system) / 1000 + (childrenCpuMs() - children),
  };
}

/** Runs the commands one after the other, output discarded; false when a tool is missing or fails. */
function runCommands(commands: Array<[string, ...string[]]>): boolean {
  return commands.every(([tool, ...args]) => {
    const result = spawnSync(tool, args, { stdio: 'ignore', maxBuffer: 1 << 30 });
    return result.error === undefined && result.status === 0;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function measure(engine: Engine, c: Case): BenchResult[] {
  const first = engine.query(c.sql); // warms the page cache and loads the table's module
  const paths = first.rows.map((row) => String(row[0]));
  const commands = c.reference(paths);
  const toolName = commands.map(([tool]) => tool).join(' + ');
  const available = runCommands(commands);
  const ours: Cost[] = [];
  const theirs: Cost[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(costOf(() => engine.query(c.sql)));
    if (available) theirs.push(costOf(() => runCommands(commands)));
  }
  const row = (kind: keyof Cost, label: string): BenchResult => ({
    name: `${c.name} (${label})`,
    value: median(ours.map((cost) => cost[kind])),
    unit: 'ms',
    baseline: {
      name: available ? toolName : `${toolName}: n/a`,
      value: available ? median(theirs.map((cost) => cost[kind])) : NaN,
    },
    note: `${first.rows.length} rows; goal ≤ ${c.goal}×`,
  });
  return [row('wallMs', 'wall'), row('cpuMs', 'CPU')];
}

export async function run(): Promise<BenchResult[]> {
  const engine = await Engine.create();
  try {
    return CASES.flatMap((c) => measure(engine, c));
  } finally {
    engine.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatResults('reference', await run()));
}
