import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/engine.js';
import { defineTable, type QueryContext } from '../../engine/spec.js';
import processes from './processes.table.js';
import { startSleepChild, type TestChild } from './testing.js';

/** The processes table under another name, recording what each scan was asked for. */
const scans: Array<{ pids: unknown[]; cmdline: boolean; rows: number }> = [];
const probe = defineTable({
  ...processes,
  name: 'processes_probe',
  generate: (ctx: QueryContext) => {
    const rows = [...processes.generate(ctx)];
    scans.push({ pids: ctx.equals('pid'), cmdline: ctx.used('cmdline'), rows: rows.length });
    return rows;
  },
});

describe('process tables through SQL', () => {
  let engine: Engine;
  let child: TestChild;
  before(async () => {
    engine = await Engine.create({ extraTables: [probe] });
    child = await startSleepChild();
  });
  after(async () => {
    engine.close();
    await child.stop();
  });

  it('finds the child by pid', () => {
    const rows = engine.queryRows(`SELECT pid, parent, name, cmdline, cwd FROM processes WHERE pid = ${child.pid}`);
    assert.deepEqual(rows, [
      { pid: child.pid, parent: process.pid, name: 'sleep', cmdline: 'sleep 3600', cwd: child.cwd },
    ]);
  });

  it('finds the child and this process with IN and joins their owners from users', () => {
    const rows = engine.queryRows(
      `SELECT p.pid, u.username FROM processes p JOIN users u ON p.uid = u.uid
       WHERE p.pid IN (${child.pid}, ${process.pid}) ORDER BY p.pid`,
    );
    const me = engine.queryRows(`SELECT username FROM users WHERE uid = ${process.getuid?.() ?? 0}`)[0]?.username;
    assert.deepEqual(
      rows,
      [child.pid, process.pid].sort((a, b) => a - b).map((pid) => ({ pid, username: me })),
    );
  });

  it('joins processes to their environment and open files', () => {
    const env = engine.queryRows(
      `SELECT e.value FROM processes p JOIN process_envs e ON e.pid = p.pid
       WHERE p.pid = ${child.pid} AND e.key = 'OSPREY_TEST_MARKER'`,
    );
    assert.deepEqual(env, [{ value: child.env.OSPREY_TEST_MARKER }]);
    const files = engine.queryRows(`SELECT fd, path FROM process_open_files WHERE pid = ${child.pid} AND fd = 1`);
    assert.deepEqual(files, [{ fd: 1, path: child.openFile }]);
  });

  it('lists the sleep binary among the child mappings', () => {
    const rows = engine.queryRows(
      `SELECT count(*) AS n FROM process_memory_map WHERE pid = ${child.pid} AND path LIKE '%/sleep'`,
    );
    assert.ok(Number(rows[0]?.n) >= 1);
  });

  it('pushes pid = … down and reports which columns the query reads', () => {
    scans.length = 0;
    engine.queryRows(`SELECT pid, name FROM processes_probe WHERE pid = ${child.pid}`);
    assert.deepEqual(scans, [{ pids: [child.pid], cmdline: false, rows: 1 }]);
  });
});
