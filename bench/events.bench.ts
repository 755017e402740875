/**
 * Event capture under bursts, on the real kernel:
 * - process_events (proc connector, with fanotify FAN_OPEN_EXEC for the path when it is available): /bin/sh runs
 *   `/bin/true` 1,000 times back to back (a shell loop, so spawning is as fast as the machine allows), once idle and
 *   once while `stress --cpu 2` runs; the share of runs that got an execve row, the share with the exact path, and
 *   the share with the exact cmdline (read from /proc at the exec event; /bin/true is often gone within a
 *   millisecond). Goals: rows ≥99%, path ≥99%, cmdline ≥95%.
 * - socket_events (kernel audit, needs root and an audit subsystem no other daemon owns): a child Node process makes
 *   1,000 short-lived loopback connections; the share that got a connect row and an accept row.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Row } from '../collector/engine/spec.js';
import { ProcConnector } from '../collector/events/kernel/proc-connector.js';
import { ProcConnectorPublisher } from '../collector/events/publishers/process.js';
import { AuditEventPublisher } from '../collector/events/publishers/socket.js';
import { contextWith, memorySink, type MemorySink } from './support/publisher-sink.js';
import type { BenchResult } from './types.js';

const RUNS = 1000;

/** Waits until `count()` stops growing (or reaches `target`), up to `timeoutMs`. */
async function settle(count: () => number, target: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline && count() < target) {
    const now = count();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 2000) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const loop = (runs: number, from: number): string =>
  `i=${from}; while [ $i -lt ${from + runs} ]; do /bin/true osprey-bench $i; i=$((i+1)); done`;

/** Runs RUNS /bin/true split over `shells` concurrent shell loops; returns their pids and wall seconds. */
async function shellLoops(shells = 1): Promise<{ pids: Set<number>; seconds: number }> {
  const started = process.hrtime.bigint();
  const per = RUNS / shells;
  const children = Array.from({ length: shells }, (_, i) =>
    spawn('/bin/sh', ['-c', loop(per, i * per)], { stdio: 'ignore' }),
  );
  await Promise.all(children.map((c) => once(c, 'exit')));
  return { pids: new Set(children.map((c) => c.pid ?? -1)), seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** `stress --cpu 2` in its own process group, so the whole group (stress forks its workers) can be ended. */
function startStress(): () => Promise<void> {
  const stress = spawn('stress', ['--cpu', '2'], { stdio: 'ignore', detached: true });
  return async () => {
    if (stress.pid !== undefined && stress.exitCode === null) {
      process.kill(-stress.pid, 'SIGTERM');
      await once(stress, 'exit');
    }
  };
}

const TRUE_PATHS = ['/bin/true', '/usr/bin/true'];

/** What one burst saw: execve rows of the loops' children, and how many carry each field. */
interface BurstCounts {
  readonly seconds: number;
  readonly rows: number;
  readonly withPath: number;
  readonly withPathFromProc: number;
  readonly withCmdline: number;
  readonly forks: number;
  readonly lost: number;
}

function burstFigures(label: string, c: BurstCounts): BenchResult[] {
  const share = (n: number): number => (100 * Math.min(n, RUNS)) / RUNS;
  const of = (n: number, goal: string): string => `${n} of ${RUNS}; ${goal}`;
  return [
    { name: `${label}: /bin/true runs by a shell loop`, value: RUNS / c.seconds, unit: 'runs/s' },
    { name: `${label}: execve rows`, value: share(c.rows), unit: '%', note: of(c.rows, 'goal ≥99%') },
    { name: `${label}: with path`, value: share(c.withPath), unit: '%', note: of(c.withPath, 'goal ≥99%') },
    {
      name: `${label}: with path from /proc alone`,
      value: share(c.withPathFromProc),
      unit: '%',
      note: of(c.withPathFromProc, 'a second connector without fanotify'),
    },
    { name: `${label}: with cmdline`, value: share(c.withCmdline), unit: '%', note: of(c.withCmdline, 'goal ≥95%') },
    { name: `${label}: fork rows from the shell`, value: c.forks, unit: 'rows', note: `${RUNS} expected` },
    { name: `${label}: kernel drops (ENOBUFS)`, value: c.lost, unit: 'messages' },
  ];
}

/** 1,000 /bin/true runs by `shells` shell loops with the publisher running: rows, path and cmdline rates. */
async function processBurst(label: string, shells = 1): Promise<BenchResult[]> {
  const sink = memorySink();
  const publisher = new ProcConnectorPublisher();
  const state = await publisher.start(contextWith(sink, { audit_allow_fork_process_events: 'true' }));
  if (state.state !== 'running')
    return [{ name: 'process_events', value: 0, unit: '', note: `not running: ${state.reason}` }];
  // A second connector in the same run with /proc alone: the paths fanotify is there for.
  const procOnly = new Map<number, string>();
  const witness = ProcConnector.open(
    { onEvents: (events) => events.forEach((e) => e.what === 'exec' && procOnly.set(e.pid, e.exe ?? '')) },
    { fanotify: false },
  );
  try {
    const { pids: shellPids, seconds } = await shellLoops(shells);
    const fromShells = (r: Row): boolean => shellPids.has(Number(r.parent));
    const children = (): Set<number> =>
      new Set(
        sink
          .of('process_events')
          .filter((r) => r.syscall === 'fork' && fromShells(r))
          .map((r) => Number(r.pid)),
      );
    const execs = (): Row[] => {
      const kids = children();
      return sink
        .of('process_events')
        .filter((r) => r.syscall === 'execve' && (kids.has(Number(r.pid)) || fromShells(r)));
    };
    await settle(() => execs().length, RUNS);
    const rows = execs();
    return burstFigures(label, {
      seconds,
      rows: rows.length,
      withPath: rows.filter((r) => TRUE_PATHS.includes(String(r.path))).length,
      withPathFromProc: rows.filter((r) => TRUE_PATHS.includes(procOnly.get(Number(r.pid)) ?? '')).length,
      withCmdline: rows.filter((r) => /^\/bin\/true osprey-bench \d+$/.test(String(r.cmdline))).length,
      forks: children().size,
      lost: publisher.lost,
    });
  } finally {
    witness.close();
    await publisher.stop();
  }
}

/**
 * The same loop idle (with its speed without a publisher as baseline), while `stress --cpu 2` runs, and split over
 * 4 concurrent loops under stress (execs arrive several per wakeup, so later ones in a batch are read later).
 */
async function processBursts(): Promise<BenchResult[]> {
  const baseline = await shellLoops(); // the same loop with no publisher running
  const idle = await processBurst('idle');
  const first = idle[0];
  if (first !== undefined && first.unit === 'runs/s')
    first.baseline = { name: 'no publisher', value: RUNS / baseline.seconds };
  const stopStress = startStress();
  try {
    return [...idle, ...(await processBurst('stress --cpu 2')), ...(await processBurst('stress, 4 loops', 4))];
  } finally {
    await stopStress();
  }
}

/** A child Node process connecting RUNS times to its own loopback listener, one connection after another. */
async function connectionBurst(): Promise<{ pid: number; port: number; seconds: number }> {
  const code = `
    const net = require('node:net');
    const server = net.createServer((s) => s.end());
    server.listen(0, '127.0.0.1', async () => {
      const port = server.address().port;
      const started = process.hrtime.bigint();
      for (let i = 0; i < ${RUNS}; i++) {
        await new Promise((resolve, reject) => {
          const c = net.connect(port, '127.0.0.1', () => c.end());
          c.on('close', resolve).on('error', reject);
        });
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      server.close();
      process.stdout.write(JSON.stringify({ port, seconds }));
    });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await once(child, 'exit');
  const { port, seconds } = JSON.parse(out) as { port: number; seconds: number };
  return { pid: child.pid ?? -1, port, seconds };
}

async function socketBurst(): Promise<BenchResult[]> {
  const sink: MemorySink = memorySink();
  const publisher = new AuditEventPublisher();
  const state = await publisher.start(
    contextWith(sink, { disable_audit: 'false', audit_allow_sockets: 'true', audit_allow_process_events: 'false' }),
  );
  if (state.state !== 'running')
    return [{ name: 'socket_events', value: 0, unit: '', note: `not running: ${state.reason}` }];
  try {
    const { pid, port, seconds } = await connectionBurst();
    const of = (action: string): Row[] =>
      sink
        .of('socket_events')
        .filter((r) => r.pid === pid && r.action === action && (action !== 'connect' || r.remote_port === port));
    await settle(() => of('connect').length + of('accept').length, 2 * RUNS);
    return [
      { name: 'loopback connections by one process', value: RUNS / seconds, unit: 'conn/s' },
      {
        name: 'connect rows captured',
        value: (100 * of('connect').length) / RUNS,
        unit: '%',
        note: `${of('connect').length} of ${RUNS}`,
      },
      {
        name: 'accept rows captured',
        value: (100 * of('accept').length) / RUNS,
        unit: '%',
        note: `${of('accept').length} of ${RUNS}`,
      },
      { name: 'audit records dropped (ENOBUFS)', value: publisher.lost, unit: 'messages' },
    ];
  } finally {
    await publisher.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  return [...(await processBursts()), ...(await socketBurst())];
}
