/** End to end: the real `osprey shell` process run once with SQL or a meta-command, as scripts run it. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runOsprey } from './testing.js';

describe('osprey shell with positional SQL', () => {
  it('prints a pretty table and exits 0', () => {
    const run = runOsprey(['shell', "select 1 as pid, 'systemd' as name union all select 1234, 'my proc'"]);
    assert.equal(
      run.stdout,
      '+------+---------+\n| pid  | name    |\n+------+---------+\n| 1    | systemd |\n| 1234 | my proc |\n+------+---------+\n',
    );
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
  });

  it('--json "select 0" matches osquery\'s own test', () => {
    assert.equal(runOsprey(['shell', 'select 0', '--json']).stdout, '[\n  {"0":"0"}\n]\n');
  });

  it('--csv with --separator, --line with --nullvalue', () => {
    const sql = "select 1 as a, 'x y' as b";
    assert.equal(runOsprey(['shell', '--csv', '--separator=,', sql]).stdout, 'a,b\n1,"x y"\n');
    assert.equal(
      runOsprey(['shell', '--line', '--nullvalue', 'NULL', `${sql}, null as c`]).stdout,
      '    a = 1\n    b = x y\n    c = NULL\n',
    );
  });

  it('bad SQL prints `Error: <msg>` and exits with the SQLite code', () => {
    const run = runOsprey(['shell', 'select * from no_such_table']);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'Error: no such table: no_such_table\n');
    assert.equal(run.status, 1);
  });

  it('a positional meta-command returns its code: .exit 3 exits 3, -L lists tables, -A selects all', () => {
    assert.equal(runOsprey(['shell', '.exit 3']).status, 3);
    const tables = runOsprey(['shell', '-L']);
    assert.match(tables.stdout, /^ {2}=> time$/m);
    assert.equal(tables.status, 0);
    const all = runOsprey(['shell', '--list', '-A', 'time']);
    assert.match(all.stdout, /^weekday\|year\|month\|day\|hour\|minutes\|seconds\|/);
  });

  it('--query_file runs a file and --output writes a private file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osprey-shell-'));
    try {
      writeFileSync(join(dir, 'q.sql'), "select 'from file' as source;\n");
      const run = runOsprey([
        'shell',
        '--list',
        '--header=false',
        '--query_file',
        join(dir, 'q.sql'),
        `--output=${join(dir, 'out.txt')}`,
      ]);
      assert.deepEqual([run.stdout, run.stderr, run.status], ['', '', 0]);
      assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'from file\n');
      assert.equal(statSync(join(dir, 'out.txt')).mode & 0o777, 0o600);
      assert.equal(runOsprey(['shell', '--query', "select 'q' as x", '--csv']).stdout, 'x\nq\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses flags it cannot honour', () => {
    const run = runOsprey(['shell', '--pack', 'incident-response']);
    assert.deepEqual([run.stderr, run.status], ['osprey shell: --pack is not supported.\n', 1]);
  });

  it('rejects an unknown flag', () => {
    const run = runOsprey(['shell', '--no_such_flag', 'select 1']);
    assert.equal(run.stderr, "ERROR: unknown command line flag 'no_such_flag'\n");
    assert.equal(run.status, 1);
  });
});
