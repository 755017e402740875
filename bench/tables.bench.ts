/**
 * Latency of the tables osquery users query most: the 20 tables used most often by the pack corpus
 * (test/corpus/fixtures, counted by FROM/JOIN references), each read with `SELECT * FROM <t>` through the engine,
 * median of N runs. The baseline is what an agent without Osprey would run for the same data: the matching
 * systeminformation call or command (ss, dpkg-query, df, who…), also the median of N runs, spawn cost included.
 * Tables with a required column get the constraint a pack would give them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import si from 'systeminformation';
import { Engine } from '../collector/engine/engine.js';
import { fromRoot } from '../common/paths.js';
import { formatResults, type BenchResult } from './types.js';

const RUNS = 11;
const TOP = 20;
const MAX_MS_PER_TABLE = 2500;

/** Constraints for tables whose required columns make a bare SELECT * an error. */
const WHERE: Record<string, string> = {
  file: "WHERE directory = '/etc'",
  hash: "WHERE path = '/bin/ls'",
};

type Baseline = { name: string; run: () => Promise<unknown> | unknown };

const sh = (command: string): Baseline => ({
  name: command,
  run: () => spawnSync('sh', ['-c', `${command} >/dev/null 2>&1`]),
});

const BASELINES: Record<string, Baseline> = {
  // systeminformation's processes() caches between calls (its first call took 600 ms here), so ps is the baseline.
  processes: sh('ps -eo pid,ppid,uid,gid,stat,rss,vsz,time,nice,comm,args'),
  users: sh('getent passwd'),
  file: sh('ls -la --time-style=+%s /etc'),
  hash: sh('md5sum /bin/ls; sha1sum /bin/ls; sha256sum /bin/ls'),
  kernel_modules: sh('cat /proc/modules'),
  kernel_info: sh('uname -a'),
  process_open_sockets: sh('ss -tuxanp'),
  listening_ports: sh('ss -ltuxnp'),
  mounts: sh('df -a -P'),
  shell_history: sh('cat /root/.bash_history'),
  crontab: sh('cat /etc/crontab /etc/cron.d/*'),
  last: sh('last -w'),
  process_open_files: sh('lsof -n -w'),
  logged_in_users: { name: 'systeminformation users()', run: () => si.users() },
  suid_bin: sh('find /bin /sbin /usr/bin /usr/sbin /usr/local/bin /usr/local/sbin -perm -4000'),
  iptables: sh('iptables -S'),
  os_version: { name: 'systeminformation osInfo()', run: () => si.osInfo() },
  deb_packages: sh('dpkg-query -W'),
  apt_sources: sh('cat /etc/apt/sources.list.d/*'),
  rpm_packages: sh('rpm -qa'),
  etc_hosts: sh('cat /etc/hosts'),
  arp_cache: sh('ip neigh'),
  block_devices: sh('lsblk -a -b'),
  python_packages: sh('python3 -m pip list'),
  process_memory_map: sh('cat /proc/[0-9]*/maps'),
  process_envs: sh('cat /proc/[0-9]*/environ'),
  system_controls: sh('sysctl -a'),
  sudoers: sh('cat /etc/sudoers'),
  time: sh('date'),
};

/** Table names by how many corpus queries read them (FROM/JOIN references), most used first. */
export function tableUsage(): Array<{ table: string; queries: number }> {
  const counts = new Map<string, number>();
  for (const file of ['osquery_packs.jsonl', 'teoseller_osquery_attck.jsonl']) {
    for (const line of readFileSync(fromRoot('test/corpus/fixtures', file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const sql = (JSON.parse(line) as { query: string }).query;
      const tables = new Set(
        [...sql.matchAll(/\b(?:from|join)\s+([a-z_][a-z0-9_]*)/gi)].map((m) => (m[1] ?? '').toLowerCase()),
      );
      for (const t of tables) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([table, queries]) => ({ table, queries }))
    .sort((a, b) => b.queries - a.queries || a.table.localeCompare(b.table));
}

async function medianMs(fn: () => unknown): Promise<number> {
  const times: number[] = [];
  const started = Date.now();
  for (let i = 0; i < RUNS && (i < 3 || Date.now() - started < MAX_MS_PER_TABLE); i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

export async function run(): Promise<BenchResult[]> {
  const engine = await Engine.create();
  const results: BenchResult[] = [];
  const missing: string[] = [];
  try {
    for (const { table, queries } of tableUsage().slice(0, TOP)) {
      if (!engine.table(table)) {
        missing.push(table);
        continue;
      }
      const sql = `SELECT * FROM ${table} ${WHERE[table] ?? ''}`.trim();
      let rows = 0;
      const value = await medianMs(() => {
        rows = engine.query(sql).rows.length;
      });
      const baseline = BASELINES[table];
      results.push({
        name: `${table} (${queries} queries)`,
        value,
        unit: 'ms',
        baseline: baseline ? { name: baseline.name, value: await medianMs(baseline.run) } : undefined,
        note: `${rows} rows; ${sql}`,
      });
    }
  } finally {
    engine.close();
  }
  if (missing.length > 0) {
    results.push({
      name: 'top tables not in Osprey yet',
      value: missing.length,
      unit: 'tables',
      note: missing.join(', '),
    });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatResults('tables', await run()));
}
