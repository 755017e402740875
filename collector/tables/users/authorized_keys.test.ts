import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { canChown, makeUserRoot, type UserRoot } from './testing.js';
import { genAuthorizedKeys } from './authorized_keys.js';
import { parseAuthorizedKey } from './ssh_keys.js';


function context(table: string, constraints: Constraint[] = []) {
  const skipped: string[] = [];
  const ctx = createQueryContext({ table, constraints, errors: { skip: (reason) => skipped.push(reason) } });
  return { ctx, skipped };
}

describe('authorized_keys', { skip: !canChown && 'needs root to give fixture homes to their users' }, () => {
  let tree: UserRoot;
  let ROOT = '';
  before(() => {
    tree = makeUserRoot();
    ROOT = tree.root;
  });
  after(() => tree.cleanup());

  it('splits options, algorithm, key and comment for each user key file', () => {
    const { ctx, skipped } = context('authorized_keys');
    const rows = genAuthorizedKeys(ctx, ROOT);
    assert.deepEqual(
      rows.map((r) => [r.uid, r.algorithm, r.comment, r.key_file]),
      [
        [1000, 'ssh-ed25519', 'alice@laptop', '/home/alice/.ssh/authorized_keys'],
        [1000, 'ssh-rsa', 'backup key', '/home/alice/.ssh/authorized_keys'],
        [1000, 'ecdsa-sha2-nistp256', '', '/home/alice/.ssh/authorized_keys'],
      ],
    );
    assert.equal(rows[1]?.options, 'from="192.0.2.0/24",command="/usr/bin/backup --run now"');
    assert.deepEqual(skipped, ['malformed key on line 6 of /home/alice/.ssh/authorized_keys']);
  });

  it('reads only the users a uid constraint names', () => {
    const { ctx } = context('authorized_keys', [{ column: 'uid', op: '=', value: 1001 }]);
    assert.deepEqual(genAuthorizedKeys(ctx, ROOT), []);
  });

  it('parses a certificate key type and rejects a line without a key', () => {
    assert.equal(parseAuthorizedKey('ssh-ed25519-cert-v01@openssh.com AAAA c')?.algorithm, 'ssh-ed25519-cert-v01@openssh.com');
    assert.equal(parseAuthorizedKey('ssh-rsa'), null);
  });
});
