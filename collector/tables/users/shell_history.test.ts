import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { canChown, makeUserRoot, type UserRoot } from './testing.js';
import { genShellHistory, parseHistory } from './shell_history.js';

function context(table: string, constraints: Constraint[] = []) {
  const skipped: string[] = [];
  const ctx = createQueryContext({ table, constraints, errors: { skip: (reason) => skipped.push(reason) } });
  return { ctx, skipped };
}

describe('shell_history', { skip: !canChown && 'needs root to give fixture homes to their users' }, () => {
  let tree: UserRoot;
  let ROOT = '';
  before(() => {
    tree = makeUserRoot();
    ROOT = tree.root;
  });
  after(() => tree.cleanup());

  it('dates bash and zsh commands as osquery does', () => {
    const rows = genShellHistory(context('shell_history').ctx, ROOT);
    assert.deepEqual(
      rows.map((r) => [r.uid, r.time, r.command]),
      [
        [1000, 1700000000, 'ls -la'],
        [1000, 1700000060, 'sudo systemctl status ssh'],
        [1000, 0, 'echo untimed'],
        [1001, 1700001000, 'git status'],
        [1001, 1700001005, 'make test'],
        [1001, 0, 'plain line'],
      ],
    );
    assert.equal(rows[3]?.history_file, '/home/bob/.zsh_history');
  });

  it('refuses planted links, FIFOs and files the user does not own, and goes on', () => {
    symlinkSync(join(ROOT, 'etc/shadow'), join(ROOT, 'home/alice/.zsh_history'));
    execFileSync('mkfifo', [join(ROOT, 'home/alice/.history')]);
    writeFileSync(join(ROOT, 'home/bob/.sh_history'), 'cat /root/secret\n'); // owned by root, not bob
    const { ctx, skipped } = context('shell_history');
    const rows = genShellHistory(ctx, ROOT);
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r) => !String(r.command).includes(':19000:') && r.command !== 'cat /root/secret'));
    assert.equal(skipped.length, 3);
    assert.ok(skipped.every((reason) => reason.startsWith('cannot read ') && reason.includes('/home/')));
  });

  it('treats a second timestamp line after a timestamp as the command', () => {
    assert.deepEqual(parseHistory('#1\n#2\n'), [{ time: 1, command: '#2' }]);
  });
});
