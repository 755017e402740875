/**
 * Event capture under bursts, on the real kernel:
 * - process_events (proc connector): /bin/sh runs `/bin/true` 1,000 times back to back (a shell loop, so spawning
 *   is as fast as the machine allows); the share of runs that got an execve row, and the share with path and
 *   cmdline filled (the process is often gone within a millisecond). Goals: ≥99% captured, ≥90% complete.
 * - socket_events (kernel audit, needs root and an audit subsystem no other daemon owns): a child Node process makes
 *   1,000 short-lived loopback connections; the share that got a connect row and an accept row.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Row } from '../collector/engine/spec.js';
import { ProcConnectorPublisher } from '../collector/events/publishers/process.js';
import { AuditEventPublisher } from '../collector/events/publishers/socket.js';
import { contextWith, memorySink, type MemorySink } from '../collector/events/publishers/testing.js';
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

const LOOP = `i=0; while [ $i -lt ${RUNS} ]; do /bin/true osprey-bench $i; i=$((i+1)); done`;

/** Runs the shell loop; returns its pid and wall seconds. */
async function shellLoop(): Promise<{ pid: number; seconds: number }> {
  const started = process.hrtime.bigint();
  const shell = spawn('/bin/sh', ['-c', LOOP], { stdio: 'ignore' });
  await once(shell, 'exit');
  return { pid: shell.pid ?? -1, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function processBurst(): Promise<BenchResult[]> {
  const baseline = await shellLoop(); // the same loop with no publisher running
  const sink = memorySink();
  const publisher = new ProcConnectorPublisher();
  const state = await publisher.start(contextWith(sink, { audit_allow_fork_process_events: 'true' }));
  if (state.state !== 'running') return [{ name: 'process_events', value: 0, unit: '', note: `not running: ${state.reason}` }];
  try {
    const { pid: shellPid, seconds } = await shellLoop();
    const children = (): Set<number> =>
      new Set(sink.of('process_events').filter((r) => r.syscall === 'fork' && r.parent === shellPid).map((r) => Number(r.pid)));
    const execs = (): Row[] => {
      const kids = children();
      return sink.of('process_events').filter((r) => r.syscall === 'execve' && (kids.has(Number(r.pid)) || r.parent === shellPid));
    };
    await settle(() => execs().length, RUNS);
    const rows = execs();
    const complete = rows.filter((r) => ['/bin/true', '/usr/bin/true'].includes(String(r.path)) && /^\/bin\/true osprey-bench \d+$/.test(String(r.cmdline)));
    return [
      {
        name: '/bin/true runs by a shell loop',
        value: RUNS / seconds,
        unit: 'runs/s',
        baseline: { name: 'no publisher', value: RUNS / baseline.seconds },
      },
      { name: 'execve rows captured', value: (100 * Math.min(rows.length, RUNS)) / RUNS, unit: '%', note: `${rows.length} of ${RUNS}; goal ≥99%` },
      { name: 'with path and cmdline', value: (100 * complete.length) / RUNS, unit: '%', note: `${complete.length} of ${RUNS}; goal ≥90%` },
      { name: 'fork rows from the shell', value: children().size, unit: 'rows', note: `${RUNS} expected` },
      { name: 'kernel drops (ENOBUFS)', value: publisher.lost, unit: 'messages' },
    ];
  } finally {
    await publisher.stop();
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
  const state = await publisher.start(contextWith(sink, { disable_audit: 'false', audit_allow_sockets: 'true', audit_allow_process_events: 'false' }));
  if (state.state !== 'running') return [{ name: 'socket_events', value: 0, unit: '', note: `not running: ${state.reason}` }];
  try {
    const { pid, port, seconds } = await connectionBurst();
    const of = (action: string): Row[] =>
      sink.of('socket_events').filter((r) => r.pid === pid && r.action === action && (action !== 'connect' || r.remote_port === port));
    await settle(() => of('connect').length + of('accept').length, 2 * RUNS);
    return [
      { name: 'loopback connections by one process', value: RUNS / seconds, unit: 'conn/s' },
      { name: 'connect rows captured', value: (100 * of('connect').length) / RUNS, unit: '%', note: `${of('connect').length} of ${RUNS}` },
      { name: 'accept rows captured', value: (100 * of('accept').length) / RUNS, unit: '%', note: `${of('accept').length} of ${RUNS}` },
      { name: 'audit records dropped (ENOBUFS)', value: publisher.lost, unit: 'messages' },
    ];
  } finally {
    await publisher.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  return [...(await processBurst()), ...(await socketBurst())];
}
