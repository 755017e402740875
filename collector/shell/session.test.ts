/**
 * The shell's logic against the real engine, in process: line input as from a pipe or the prompt, meta-commands,
 * error reporting and exit codes. A small real table (`shell_fixture`) is registered so output is deterministic.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine, splitStatements } from '../engine/engine.js';
import { col, defineTable } from '../engine/spec.js';
import { Flags } from '../flags/flags.js';
import { HELP_TEXT } from './help.js';
import { InputProcessor } from './input.js';
import { runMeta } from './meta.js';
import { formatReal } from './render.js';
import { defaultSettings, ShellSession } from './session.js';

const fixture = defineTable({
  name: 'shell_fixture',
  description: 'Two rows for shell tests.',
  platforms: ['linux'],
  columns: [
    col('pid', 'BIGINT', 'Process ID', { index: true }),
    col('name', 'TEXT', 'Name'),
    col('note', 'TEXT', 'Nullable'),
  ],
  generate: () => [
    { pid: 1, name: 'systemd' },
    { pid: 1234, name: 'my proc', note: 'x' },
  ],
});

const realFixture = defineTable({
  name: 'shell_real',
  description: 'A DOUBLE column holding an integral value.',
  platforms: ['linux'],
  columns: [col('average', 'DOUBLE', 'An average')],
  generate: () => [{ average: 2 }],
});

let engine: Engine;
const flags = new Flags();

before(async () => {
  engine = await Engine.create({ services: { flags }, extraTables: [fixture, realFixture] });
});
after(() => engine.close());

interface Run {
  out: string;
  err: string;
  exitCode: number;
  session: ShellSession;
}

function session(interactive: boolean): { session: ShellSession; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const output = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
  const s = new ShellSession({
    engine,
    split: splitStatements,
    flags,
    output,
    settings: defaultSettings(),
    interactive,
  });
  return { session: s, out, err };
}

function feed(text: string, interactive = false): Run {
  const { session: s, out, err } = session(interactive);
  const processor = new InputProcessor(s);
  for (const line of text.split('\n')) processor.feedLine(line);
  processor.finish();
  return { out: out.join(''), err: err.join(''), exitCode: processor.exitCode, session: s };
}

const PRETTY =
  '+------+---------+\n| pid  | name    |\n+------+---------+\n| 1    | systemd |\n| 1234 | my proc |\n+------+---------+\n';

describe('input processing', () => {
  it('runs a statement once a line completes it, across lines', () => {
    const run = feed('select pid,\n  name\nfrom shell_fixture\n;');
    assert.equal(run.out, PRETTY);
    assert.equal(run.exitCode, 0);
  });

  it('runs SQL left without ; at end of input', () => {
    assert.equal(feed('select pid, name from shell_fixture').out, PRETTY);
  });

  it('reports errors with the chunk start line off a terminal, goes on, and exits 1', () => {
    const run = feed("select 1 as a;\n\nselect *\nfrom no_such_table;\nselect 'after' as b;");
    assert.equal(run.err, 'Error: near line 3: no such table: no_such_table\n');
    assert.equal(run.out, '+---+\n| a |\n+---+\n| 1 |\n+---+\n+-------+\n| b     |\n+-------+\n| after |\n+-------+\n');
    assert.equal(run.exitCode, 1);
  });

  it('reports errors as `Error: <msg>` at the prompt', () => {
    assert.equal(feed('select * from no_such_table;', true).err, 'Error: no such table: no_such_table\n');
  });

  it('stops after an error under .bail on (not at a terminal)', () => {
    const run = feed(".bail ON\nselect * from nope;\nselect 'never' as x;");
    assert.equal(run.out, '');
    assert.equal(run.exitCode, 1);
    const interactive = feed(".bail on\nselect * from nope;\nselect 'still' as x;", true);
    assert.match(interactive.out, /still/);
  });

  it('runs every statement of a line, stopping at the first error', () => {
    const run = feed('select 1 as a; select * from nope; select 2 as b;');
    assert.equal(run.out, '+---+\n| a |\n+---+\n| 1 |\n+---+\n');
    assert.equal(run.err, 'Error: near line 1: no such table: nope\n');
  });
});

describe('chunks, meta lines and .types', () => {
  it('prints one pretty table (or json array) for all statements of a chunk, as osqueryi buffers them', () => {
    assert.equal(feed('select 1 as a; select 22 as a;').out, '+----+\n| a  |\n+----+\n| 1  |\n| 22 |\n+----+\n');
    assert.equal(feed('select 1 as a; select 22 as b;').out, '+---+\n| a |\n+---+\n| 1 |\n|   |\n+---+\n');
    const { session: s, out } = session(false);
    s.settings.json = true;
    s.runSql('select 1 as a; select 22 as b where 0; select 3 as b;');
    assert.equal(out.join(''), '[\n  {"a":"1"},\n  {"b":"3"}\n]\n');
  });

  it('counts a failed meta-command as an error and stops at .quit', () => {
    const run = feed(".bogus\n.quit\nselect 'unreached' as x;");
    assert.equal(run.err, 'Error: unknown command or invalid arguments:  "bogus". Enter ".help" for help\n');
    assert.equal(run.out, '');
    assert.equal(run.exitCode, 1);
  });

  it('.exit N leaves with code N', () => {
    const run = feed('.exit 3\nselect 1;');
    assert.equal(run.exitCode, 3);
    assert.equal(run.out, '');
  });

  it('treats a line starting with . as SQL while a statement is pending', () => {
    assert.equal(feed('select\n.5 as x;').out, '+-----+\n| x   |\n+-----+\n| 0.5 |\n+-----+\n');
  });

  it('echoes meta lines and statements with .echo on', () => {
    const run = feed('.echo on\n.mode list\nselect 7 as n;');
    assert.equal(run.out, '.mode list\nselect 7 as n;\nn\n7\n');
  });

  it('.types shows result columns in the current mode', () => {
    const run = feed('.mode list\n.types select pid, name\n from shell_fixture;');
    assert.equal(run.out, 'name|type\npid|BIGINT\nname|TEXT\n');
  });

  it('.types also works as a one-line meta-command and by prefix (.typ), as positional osqueryi arguments run it', () => {
    const { session: s, out, err } = session(false);
    s.settings.mode = 'list';
    assert.equal(runMeta(s, '.types select pid from shell_fixture').rc, 0);
    assert.equal(runMeta(s, ".typ select name, 'x' as y from shell_fixture").rc, 0);
    assert.equal(out.join(''), 'name|type\npid|BIGINT\nname|type\nname|TEXT\ny|UNKNOWN\n');
    assert.equal(err.join(''), '');
  });
});

describe('output modes through meta-commands', () => {
  const q = 'select pid, name, note from shell_fixture;';
  it('.mode line, list, csv, column and back to pretty', () => {
    assert.equal(
      feed(`.mode line\n${q}`).out,
      '  pid = 1\n name = systemd\n note = \n\n  pid = 1234\n name = my proc\n note = x\n',
    );
    assert.equal(feed(`.mode list\n${q}`).out, 'pid|name|note\n1|systemd|\n1234|my proc|x\n');
    assert.equal(feed(`.mode csv\n${q}`).out, 'pid,name,note\n1,systemd,\n1234,"my proc",x\n');
    assert.equal(
      feed(`.mode column\n.width 4 -8\n${q}`).out,
      'pid       name  note      \n----  --------  ----------\n1      systemd            \n1234   my proc  x         \n',
    );
    assert.equal(feed(`.mode list\n.mode pretty\nselect pid, name from shell_fixture;`).out, PRETTY);
  });
  it('.headers off, .separator and .nullvalue', () => {
    const run = feed(`.mode list\n.headers off\n.separator ::\n.nullvalue NULL\n${q}`);
    assert.equal(run.out, '1::systemd::NULL\n1234::my proc::x\n');
  });
  it('rejects an unknown mode, json included', () => {
    const run = feed('.mode json');
    assert.equal(run.err, 'Error: mode should be one of: column csv line list pretty\n');
    assert.equal(run.exitCode, 1);
  });
  it('warns about a word that is not a boolean and assumes no', () => {
    const run = feed(`.headers maybe\n.mode list\n${q}`);
    assert.equal(run.err, 'ERROR: Not a boolean value: "maybe". Assuming "no".\n');
    assert.equal(run.out, '1|systemd|\n1234|my proc|x\n');
  });
});

describe('meta-commands', () => {
  it('.help writes the exact help text to stderr', () => {
    const { session: s, out, err } = session(true);
    assert.deepEqual(runMeta(s, '.help'), { rc: 0 });
    assert.equal(err.join(''), HELP_TEXT);
    assert.equal(out.join(''), '');
  });
  it('.tables lists by prefix, .schema prints CREATE statements', () => {
    const run = feed('.tables shell_fix\n.schema shell_fixture');
    assert.equal(
      run.out,
      '  => shell_fixture\nCREATE TABLE shell_fixture(`pid` BIGINT, `name` TEXT, `note` TEXT, PRIMARY KEY (`pid`)) WITHOUT ROWID;\n',
    );
    assert.match(feed('.tables').out, /^ {2}=> shell_fixture$/m);
  });
  it('.all TABLE selects everything; a bad table names it', () => {
    assert.match(feed('.all shell_fixture').out, /\| 1234 \| my proc \| x {4}\|/);
    const bad = feed('.all no_such_table');
    assert.equal(bad.err, 'Error querying table: no_such_table\n');
    assert.equal(bad.exitCode, 1);
  });
  it('.print, .version and .socket', () => {
    const run = feed(".print hello 'big world'\n.version\n.socket");
    const lines = run.out.split('\n');
    assert.equal(lines[0], 'hello big world');
    assert.equal(lines[1], `osquery ${engine.services.version}`);
    assert.equal(lines[2], `using SQLite ${engine.sqliteVersion}`);
    assert.equal(lines[3], flags.get('extensions_socket'));
  });
  it('.show reports the shell settings', () => {
    const out = feed('.mode csv\n.show').out;
    assert.match(out, /^osquery - being built, with love\.\n~{45}\n/);
    assert.match(out, /\n {9}mode: csv\n {4}nullvalue: ""\n {7}output: stdout\n {4}separator: ","\n/);
    assert.match(out, /\nNon-default flags\/options:\n/);
  });
  it('.features lists the boolean disable_/enable_ flags', () => {
    const out = feed('.features').out;
    assert.match(out, /^disable_events: (true|false)$/m);
    assert.doesNotMatch(out, /^[a-z_]+: [^tf]/m);
  });
});

describe('REAL values as SQLite prints them', () => {
  it('an integral value in a DOUBLE column prints as a REAL', () => {
    const run = feed('.mode list\nselect average, cast(average as int) as i from shell_real;');
    assert.equal(run.out, 'average|i\n2.0|2\n');
  });
  it('an integral REAL from an expression prints as osqueryi does (4.0), an INTEGER without the point', () => {
    const run = feed('.mode list\nselect 4.0 as f, round(3.7) as r, 4 as i, 1.5 as h;');
    assert.equal(run.out, 'f|r|i|h\n4.0|4.0|4|1.5\n');
  });
  for (const literal of ['0.1', '-2.5', '3.14159', '0.1+0.2', '1e-7', '1e300', '2.5e-5', '123456.5']) {
    it(literal, () => {
      const { rows } = engine.query(`select ${literal}, cast(${literal} as text)`);
      const [value, text] = rows[0] ?? [];
      assert.equal(formatReal(Number(value)), text);
    });
  }
});
