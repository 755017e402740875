import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcEvent } from '../kernel/proc-connector.js';
import { ProcessRows } from './process-rows.js';

const at = { exitCode: 0, time: 5e9 };

describe('ProcessRows', () => {
  it("gives an exec whose /proc status was already gone the parent named by the pid's fork event", () => {
    const rows = new ProcessRows(new Set(['exec']));
    const fork: ProcEvent = { what: 'fork', pid: 500, tgid: 500, ppid: 400, ptgid: 400, ...at };
    // The process exited before /proc/500/status was read: the connector knows no parent; fanotify gave the path.
    const exec: ProcEvent = {
      what: 'exec',
      pid: 500,
      tgid: 500,
      ppid: -1,
      ptgid: -1,
      exe: '/usr/bin/true',
      exeSource: 'fanotify',
      ...at,
    };
    const [row] = rows.rowsOf([fork, exec]);
    assert.equal(row?.parent, 400);
    assert.equal(row?.path, '/usr/bin/true');
    assert.equal(row?.cmdline, '');
  });

  it('keeps the parent /proc read at the exec, and leaves it unknown with no fork seen', () => {
    const rows = new ProcessRows(new Set(['exec']));
    const fork: ProcEvent = { what: 'fork', pid: 501, tgid: 501, ppid: 400, ptgid: 400, ...at };
    const reparented: ProcEvent = { what: 'exec', pid: 501, tgid: 501, ppid: 1, ptgid: 1, exe: '/usr/bin/true', ...at };
    const unseen: ProcEvent = { what: 'exec', pid: 777, tgid: 777, ppid: -1, ptgid: -1, ...at };
    assert.deepEqual(
      rows.rowsOf([fork, reparented, unseen]).map((r) => r.parent),
      [1, -1],
    );
  });
});
