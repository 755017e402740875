import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { canChown, makeUserRoot, type UserRoot } from './testing.js';
import { genKnownHosts } from './known_hosts.js';

function context(table: string, constraints: Constraint[] = []) {
  const skipped: string[] = [];
  const ctx = createQueryContext({ table, constraints, errors: { skip: (reason) => skipped.push(reason) } });
  return { ctx, skipped };
}

describe('known_hosts', { skip: !canChown && 'needs root to give fixture homes to their users' }, () => {
  let tree: UserRoot;
  let ROOT = '';
  before(() => {
    tree = makeUserRoot();
    ROOT = tree.root;
  });
  after(() => tree.cleanup());

  it('returns each key line, hashed hosts included', () => {
    const rows = genKnownHosts(context('known_hosts').ctx, ROOT);
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.uid === 1000 && r.key_file === '/home/alice/.ssh/known_hosts'));
    assert.match(String(rows[1]?.key), /^\|1\|/);
  });
});
