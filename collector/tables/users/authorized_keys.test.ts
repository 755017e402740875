import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { canChown, makeUserRoot, type UserRoot } from './testing.js';
import { genAuthorizedKeys } from './authorized_keys.js';
import { authorizedKeyFields } from './authorized-key-line.js';

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
        [1000, 'ecdsa-sha2-nistp256', undefined, '/home/alice/.ssh/authorized_keys'],
        // The z/OS key-ring line: options only, as osquery keeps it.
        [1000, undefined, undefined, '/home/alice/.ssh/authorized_keys'],
      ],
    );
    assert.equal(rows[1]?.options, 'from="192.0.2.0/24",command="/usr/bin/backup --run now"');
    assert.equal(rows[3]?.options, 'zos-key-ring-label="KeyRingOwner/SSHAuthKeysRing uniq-ssh-dsa"');
    // ssh-dss is not among osquery's key types: that line gives no row, like the line with no key at all.
    assert.deepEqual(skipped, [
      'no key osquery reads on line 6 of /home/alice/.ssh/authorized_keys',
      'no key osquery reads on line 7 of /home/alice/.ssh/authorized_keys',
    ]);
  });

  it('reads only the users a uid constraint names', () => {
    const { ctx } = context('authorized_keys', [{ column: 'uid', op: '=', value: 1001 }]);
    assert.deepEqual(genAuthorizedKeys(ctx, ROOT), []);
  });
});

describe('authorized_keys lines as osquery splits them', () => {
  it('splits options, algorithm, key and comment at the first known key type', () => {
    assert.deepEqual(authorizedKeyFields('no-pty,command="a b"  ssh-ed25519\tAAAA  my  comment'), {
      algorithm: 'ssh-ed25519',
      options: 'no-pty,command="a b"',
      key: 'AAAA',
      comment: 'my  comment',
    });
    assert.deepEqual(authorizedKeyFields('ecdsa-sha2-nistp384 AAAA'), {
      algorithm: 'ecdsa-sha2-nistp384',
      key: 'AAAA',
    });
  });

  it('gives no row for key types osquery does not know (ssh-dss, security keys, certificates) or a missing key', () => {
    for (const line of [
      'ssh-dss AAAA dsa',
      'sk-ssh-ed25519@openssh.com AAAA sk',
      'ssh-ed25519-cert-v01@openssh.com AAAA c',
      'ssh-rsa',
      'ssh-rsa   ',
      '# ssh-rsa AAAA',
    ]) {
      assert.equal(authorizedKeyFields(line), null, line);
    }
  });

  it('keeps an options-only line when it names a z/OS key ring', () => {
    assert.deepEqual(authorizedKeyFields('from="*.example.com",zos-key-ring-label="Owner/Ring label"'), {
      options: 'from="*.example.com",zos-key-ring-label="Owner/Ring label"',
    });
    assert.equal(authorizedKeyFields('from="*.example.com",no-pty'), null);
  });
});
