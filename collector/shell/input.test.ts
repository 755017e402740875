/** End to end: the real `osprey shell` reading statements from a pipe and from a terminal (a pseudo-terminal). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { HELP_TEXT } from './help.js';
import { ospreyCommand, runOsprey } from './testing.js';

describe('osprey shell reading stdin', () => {
  it('runs statements as ; completes them, keeps going after an error, and exits 1', () => {
    const input =
      ".mode line\nselect 1 as pid,\n  'systemd' as name;\nselect * from nope;\n.mode list\nselect 'tail' as t";
    const run = runOsprey(['shell'], { input });
    assert.equal(run.stdout, '  pid = 1\n name = systemd\nt\ntail\n');
    assert.equal(run.stderr, 'Error: near line 4: no such table: nope\n');
    assert.equal(run.status, 1);
  });

  it('stops at the first error under .bail ON', () => {
    const run = runOsprey(['shell'], { input: ".bail ON\nselect * from nope;\nselect 'after' as x;\n" });
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'Error: near line 2: no such table: nope\n');
    assert.equal(run.status, 1);
  });

  it('exits 0 when everything succeeds', () => {
    const run = runOsprey(['shell', '--csv'], { input: "select 'a' as x;\n" });
    assert.deepEqual([run.stdout, run.stderr, run.status], ['x\na\n', '', 0]);
  });
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe('osprey shell at a terminal', { skip: hasScript ? false : 'util-linux script(1) is not installed' }, () => {
  it('shows the banner, prompts, .help on stderr, results, and keeps 100 lines of private history', () => {
    const home = mkdtempSync(join(tmpdir(), 'osprey-shell-'));
    try {
      mkdirSync(join(home, '.osprey'), { mode: 0o755 });
      const old = Array.from({ length: 150 }, (_, i) => `select ${i};`);
      writeFileSync(join(home, '.osprey', '.history'), `${old.join('\n')}\n`);
      const command = ospreyCommand()
        .map((a) => `'${a}'`)
        .join(' ');
      const run = spawnSync('script', ['-qec', `${command} shell`, '/dev/null'], {
        input: '.help\nselect 40 +\n2 as answer;\n.quit\n',
        env: { ...process.env, HOME: home, TERM: 'dumb' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      const screen = run.stdout.replaceAll('\r', '');
      assert.ok(screen.includes("Using a \u001b[1mvirtual database\u001b[0m. Need help, type '.help'\n"), screen);
      assert.match(screen, /osquery> /);
      assert.match(screen, / {4}\.\.\.> /);
      for (const line of HELP_TEXT.trimEnd().split('\n')) assert.ok(screen.includes(`${line}\n`), `help line ${line}`);
      assert.match(screen, /\| answer \|\n\+--------\+\n\| 42 {5}\|/);
      assert.equal(run.status, 0);

      const history = readFileSync(join(home, '.osprey', '.history'), 'utf8')
        .trimEnd()
        .split('\n');
      assert.equal(history.length, 100);
      assert.deepEqual(history.slice(-4), ['.help', 'select 40 +', '2 as answer;', '.quit']);
      assert.equal(history[0], 'select 54;');
      assert.equal(statSync(join(home, '.osprey', '.history')).mode & 0o777, 0o600);
      assert.equal(statSync(join(home, '.osprey')).mode & 0o777, 0o700);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
