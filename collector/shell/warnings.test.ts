/**
 * osqueryi's warnings about a query and the exit code of a missing required column (osquery/sql/virtual_table.cpp;
 * docs/osquery-compatibility.md §1.5): SQLITE_CONSTRAINT (19) with "Please see the table documentation", a warning for an
 * event table while events are disabled, and for a user table read (as root) without a uid or username.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine, splitStatements } from '../engine/engine.js';
import { Flags } from '../flags/flags.js';
import { defaultSettings, ShellSession } from './session.js';
import { glogWarning } from './warning.js';

describe('shell warnings', () => {
  let engine: Engine;
  const warnings: string[] = [];
  const flags = new Flags();
  flags.parse(['--disable_events=true']);
  before(async () => {
    engine = await Engine.create({ services: { flags, warn: (message) => void warnings.push(message) } });
  });
  after(() => engine.close());

  const shell = (): { session: ShellSession; err: string[] } => {
    const err: string[] = [];
    const output = { out: () => undefined, err: (t: string) => void err.push(t) };
    return {
      session: new ShellSession({
        engine,
        split: splitStatements,
        flags,
        output,
        settings: defaultSettings(),
        interactive: false,
      }),
      err,
    };
  };

  it("a missing required column exits with SQLite's constraint code 19 and points at the table documentation", () => {
    warnings.length = 0;
    const { session, err } = shell();
    assert.equal(session.runQuery('SELECT * FROM file'), 19);
    assert.deepEqual(warnings, [
      'Table file was queried without a required column in the WHERE clause',
      'Please see the table documentation: https://osquery.io/schema/#file',
    ]);
    assert.equal(err.join(''), 'Error: Table file was queried without a required column in the WHERE clause\n');
  });

  it('warns about an event table while events are disabled, and still answers', () => {
    warnings.length = 0;
    assert.deepEqual(engine.query('SELECT count(*) AS n FROM process_events').rows, [[0]]);
    assert.deepEqual(warnings, ['Table process_events is event-based but events are disabled']);
  });

  it('warns about a user table read without a uid, as root, and not when a uid is given', (t) => {
    if (process.getuid?.() !== 0) {
      t.skip('osquery warns only when run as an administrator');
      return;
    }
    warnings.length = 0;
    engine.query('SELECT * FROM shell_history');
    assert.deepEqual(warnings, [
      'The shell_history table returns data based on the current user by default, consider JOINing against the users table',
    ]);
    warnings.length = 0;
    engine.query('SELECT * FROM shell_history WHERE uid = 0');
    assert.deepEqual(warnings, []);
  });

  it("prints warnings in glog's shape", () => {
    const line = glogWarning('hello', 'virtual_table.cpp:0', new Date(2026, 11, 6, 1, 2, 3, 4));
    assert.equal(line, `W1206 01:02:03.004000 ${process.pid} virtual_table.cpp:0] hello\n`);
  });
});
