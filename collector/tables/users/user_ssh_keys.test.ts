import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { describePrivateKey, ffcSecurityBits } from './private-key.js';
import { canChown, makeUserRoot, type UserRoot } from './testing.js';
import { genUserSshKeys } from './user_ssh_keys.js';

const context = (constraints: Constraint[] = []) => createQueryContext({ table: 'user_ssh_keys', constraints });

describe('user_ssh_keys', { skip: !canChown && 'needs root to give fixture homes to their users' }, () => {
  let tree: UserRoot;
  before(() => {
    tree = makeUserRoot();
  });
  after(() => tree.cleanup());

  it('reports each private key in ~/.ssh with its type, size and strength, and nothing for other files', () => {
    const rows = genUserSshKeys(context(), tree.root);
    const seen = rows.map((r) => [
      String(r.path).replace('/home/alice/.ssh/', ''),
      r.encrypted,
      r.key_type,
      r.key_group_name,
      r.key_length,
      r.key_security_bits,
    ]);
    assert.deepEqual(seen, [
      ['ec_p256.pem', 0, 'ec', 'prime256v1', 256, 128],
      ['id_ecdsa_openssh', 0, 'ecdsa-p384', '', 384, 192],
      ['id_ed25519', 0, 'ed25519', '', 256, 128],
      ['id_ed25519_encrypted', 1, 'ed25519', '', 256, 128],
      ['id_rsa_openssh', 0, 'rsa', '', 3072, 128],
      ['rsa_encrypted.pem', 1, '', '', -1, -1],
      ['rsa_pkcs1.pem', 0, 'rsa', '', 2048, 112],
      ['rsa_pkcs8.pem', 0, 'rsa', '', 2048, 112],
    ]);
    assert.ok(rows.every((r) => r.uid === 1000));
  });

  it('reads only the users a uid constraint names', () => {
    assert.deepEqual(genUserSshKeys(context([{ column: 'uid', op: '=', value: 1001 }]), tree.root), []);
  });
});

describe('describePrivateKey', () => {
  it('agrees with what Node generated for PEM keys, and rejects text that is no key', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    assert.deepEqual(describePrivateKey(pem), {
      encrypted: false,
      keyType: 'rsa',
      groupName: '',
      length: 1024,
      securityBits: 80,
    });
    assert.equal(describePrivateKey('-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n'), null);
  });

  it("gives OpenSSL's security bits for RSA sizes", () => {
    assert.deepEqual([1024, 2048, 3072, 4096, 8192].map(ffcSecurityBits), [80, 112, 128, 152, 200]);
  });
});
