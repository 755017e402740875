/**
 * process_events end to end without a daemon: the event runtime with the real proc connector publisher, the event
 * store and the SQL engine, driven by real processes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../../common/logger.js';
import { Engine } from '../../engine/engine.js';
import type { Row } from '../../engine/spec.js';
import { ProcConnectorPublisher } from '../../events/publishers/process.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { EventRuntime } from '../../events/runtime.js';
import { EventStore } from '../../events/store.js';
import { Flags } from '../../flags/flags.js';

describe('process_events', () => {
  const flags = new Flags([
    { name: 'process_events_exit', type: 'bool', default: 'false', kind: 'OSPREY_FLAG', description: 'exit rows' },
  ]);
  flags.set('disable_events', 'false');
  flags.set('audit_allow_fork_process_events', 'true');
  flags.set('process_events_exit', 'true');
  const store = new EventStore({ flags });
  const runtime = new EventRuntime({
    flags,
    log: silentLogger(),
    sink: store,
    config: () => ({}),
    publishers: { proc_connector: () => new ProcConnectorPublisher() },
  });
  let engine: Engine;
  const rows = (sql: string): Row[] => engine.queryRows(sql);

  before(async () => {
    engine = await Engine.create({ services: { flags, eventStore: store, events: { list: () => runtime.rows() } } });
    await runtime.start();
  });
  after(async () => {
    await runtime.stop();
    engine.close();
    store.close();
  });

  it('returns exec, fork and exit rows of a process, with osquery columns and an eid', async () => {
    assert.equal(runtime.states().proc_connector?.state, 'running');
    const child = spawn('/bin/sleep', ['0.1'], { stdio: 'ignore' });
    const pid = child.pid ?? -1;
    await once(child, 'exit');
    await waitFor(
      'the exit row',
      () => rows(`SELECT 1 FROM process_events WHERE pid = ${pid} AND syscall = 'exit'`).length > 0,
    );
    const exec = rows(
      `SELECT pid, path, cmdline, cwd, parent, uid, syscall, time, eid FROM process_events WHERE pid = ${pid} AND syscall = 'execve'`,
    )[0];
    assert.ok(exec, 'an execve row');
    assert.match(String(exec.path), /^(\/usr)?\/bin\/sleep$/);
    assert.equal(exec.cmdline, '/bin/sleep 0.1');
    assert.equal(exec.cwd, process.cwd());
    assert.equal(exec.parent, process.pid);
    assert.equal(exec.uid, process.getuid?.());
    assert.match(String(exec.eid), /^\d{10}$/);
    assert.ok(Number(exec.time) > 1_600_000_000);
    const syscalls = rows(`SELECT syscall FROM process_events WHERE pid = ${pid}`).map((r) => r.syscall);
    assert.deepEqual(syscalls, ['fork', 'execve', 'exit']);
  });

  it('bounds the scan by time', async () => {
    const future = Math.floor(Date.now() / 1000) + 3600;
    assert.deepEqual(rows(`SELECT pid FROM process_events WHERE time > ${future}`), []);
  });
});
