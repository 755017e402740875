import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, Row } from '../../engine/spec.js';
import { parseCgroupPath, planFor, readProcessRow } from './process-row.js';
import { genProcesses } from './processes.js';
import { procSnapshot, unchangedBetween } from './proc-snapshot.js';
import { startSleepChild, type TestChild } from './testing.js';

function scan(constraints: Constraint[] = [], columns?: string[]): Row[] {
  const ctx = createQueryContext({
    table: 'processes',
    constraints,
    ...(columns ? { columnsUsed: new Set(columns) } : {}),
  });
  return [...genProcesses(ctx)];
}

describe('processes', () => {
  let child: TestChild;
  before(async () => {
    child = await startSleepChild();
  });
  after(async () => {
    await child.stop();
  });

  it('describes a spawned child from its own /proc entry', () => {
    const rows = scan([{ column: 'pid', op: '=', value: child.pid }]);
    assert.equal(rows.length, 1);
    const row = rows[0] as Row;
    assert.equal(row.pid, child.pid);
    assert.equal(row.parent, process.pid);
    assert.equal(row.name, 'sleep');
    assert.equal(row.cmdline, child.argv.join(' '));
    assert.equal(row.path, realpathSync(execFileSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).trim()));
    assert.equal(row.on_disk, 1);
    assert.equal(row.cwd, child.cwd);
    assert.equal(row.root, '/');
    assert.equal(row.uid, process.getuid?.());
    assert.equal(row.gid, process.getgid?.());
    assert.equal(row.state, 'S');
    assert.equal(row.threads, 1);
    assert.equal(row.wired_size, 0);
  });

  it('computes start_time from btime and the stat start tick', () => {
    const [row] = scan([{ column: 'pid', op: '=', value: child.pid }], ['pid', 'start_time']);
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    const ticks = Number(readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19]);
    assert.equal(row?.start_time, btime + Math.floor(ticks / 100));
    const now = Date.now() / 1000;
    assert.ok(Number(row?.start_time) <= now + 1 && Number(row?.start_time) > now - 3600);
  });

  it('reports memory in bytes as osquery does (ps kB x 1024)', () => {
    const [row] = scan([{ column: 'pid', op: '=', value: child.pid }], ['pid', 'resident_size', 'total_size']);
    const [rss, vsz] = execFileSync('ps', ['-o', 'rss=,vsz=', '-p', String(child.pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/)
      .map(Number);
    assert.equal(row?.total_size, (vsz ?? NaN) * 1024);
    // RSS can move by a page between the two reads; allow a few pages.
    assert.ok(Math.abs(Number(row?.resident_size) - (rss ?? NaN) * 1024) <= 64 * 1024);
  });

  it('reads only the pids asked for, and none for a pid that does not exist', () => {
    const rows = scan([
      { column: 'pid', op: '=', value: child.pid },
      { column: 'pid', op: '=', value: process.pid },
    ]);
    assert.deepEqual(rows.map((r) => r.pid).sort(), [child.pid, process.pid].sort());
    assert.deepEqual(scan([{ column: 'pid', op: '=', value: 2 ** 30 }]), []);
  });

  it('leaves columns the query does not read unset', () => {
    const [row] = scan([{ column: 'pid', op: '=', value: child.pid }], ['pid', 'parent']);
    assert.equal(row?.parent, process.pid);
    assert.equal(row?.cmdline, undefined);
    assert.equal(row?.name, undefined);
    assert.equal(row?.path, undefined);
  });
});

describe('processes compared with other sources', () => {
  let child: TestChild;
  before(async () => {
    child = await startSleepChild();
  });
  after(async () => {
    await child.stop();
  });

  it('agrees with ps on pid, parent and name for every process that lived through both listings', () => {
    const before = procSnapshot();
    const ours = new Map(scan().map((r) => [r.pid, r]));
    const ps = new Map(
      execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .map(([pid, ppid, ...comm]) => [Number(pid), { ppid: Number(ppid), comm: comm.join(' ') }]),
    );
    const stable = unchangedBetween(before, procSnapshot());
    assert.ok(stable.has(process.pid) && stable.has(child.pid), 'this process and the child live through the test');
    for (const [pid, seen] of stable) {
      // A process that neither exited, nor exec'd, nor was reparented between the two snapshots had one answer.
      const row = ours.get(pid);
      const listed = ps.get(pid);
      assert.ok(row !== undefined && listed !== undefined, `${pid} (${seen.comm}) is in both listings`);
      assert.equal(row.parent, listed.ppid, `parent of ${pid}`);
      // A kworker's name carries the workqueue it is running right now, which changes between two reads.
      if (!seen.comm.startsWith('kworker/')) assert.equal(row.name, listed.comm, `name of ${pid}`);
    }
  });

  it('lists every numeric /proc entry that lived through the scan', () => {
    const before = procSnapshot();
    const ours = new Set(scan([], ['pid']).map((r) => r.pid));
    const stable = unchangedBetween(before, procSnapshot());
    // Processes of other test files start and exit during the scan; those that were there all along must be listed.
    const missing = [...stable.keys()].filter((pid) => !ours.has(pid));
    assert.deepEqual(missing, [], `missing ${missing.map((pid) => `${pid} (${stable.get(pid)?.comm})`).join(', ')}`);
    assert.ok(ours.has(process.pid) && ours.has(child.pid));
  });
});

describe('kernel threads', () => {
  it('get the same answers from the stat shortcut as from reading their links', () => {
    const kthreads = scan([], ['pid', 'state', 'cmdline'])
      .filter((r) => r.cmdline === '')
      .map((r) => Number(r.pid));
    assert.ok(kthreads.length > 0);
    const constraints = kthreads.map((pid): Constraint => ({ column: 'pid', op: '=', value: pid }));
    const links = ['pid', 'path', 'on_disk', 'cwd', 'root', 'cmdline'];
    const shortcut = scan(constraints, [...links, 'state']).map((r) => links.map((c) => r[c]));
    const direct = scan(constraints, links).map((r) => links.map((c) => r[c]));
    assert.deepEqual(shortcut, direct);
  });
});

describe('a process that exits mid-scan', () => {
  it('is skipped and counted, and the scan goes on', async () => {
    const gone = await startSleepChild();
    await gone.stop();
    const skipped: string[] = [];
    const ctx = createQueryContext({ table: 'processes', errors: { skip: (reason) => skipped.push(reason) } });
    assert.equal(readProcessRow(gone.pid, planFor(ctx), ctx), null);
    assert.deepEqual(skipped, [`cannot read /proc/${gone.pid}`]);
  });
});

describe('parseCgroupPath', () => {
  it('takes the path of the first line for cgroup v2 and v1', () => {
    assert.equal(parseCgroupPath('0::/user.slice/session-1.scope\n'), '/user.slice/session-1.scope');
    assert.equal(parseCgroupPath('12:cpu,cpuacct:/system.slice\n11:memory:/x\n'), '/system.slice');
    assert.equal(parseCgroupPath('garbage'), '');
  });
});
