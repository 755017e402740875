/** osquery's `user_ssh_keys` table (spec specs/user_ssh_keys.table, implementation user_ssh_keys@getUserSshKeys). */
import { col, defineTable } from '../../engine/spec.js';
import { genUserSshKeys } from './user_ssh_keys.js';

export default defineTable({
  name: 'user_ssh_keys',
  description: 'Returns the private keys in the users ~/.ssh directory and whether or not they are encrypted.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('uid', 'BIGINT', 'The local user that owns the key file', { additional: true, optimized: true }),
    col('path', 'TEXT', 'Path to key file', { index: true }),
    col('encrypted', 'INTEGER', '1 if key is encrypted, 0 otherwise'),
    col('key_type', 'TEXT', 'The type of the private key. One of [rsa, dsa, dh, ec, hmac, cmac], or the empty string.'),
    col(
      'key_group_name',
      'TEXT',
      'The group of the private key. Supported for a subset of key_types implemented by OpenSSL',
    ),
    col(
      'key_length',
      'INTEGER',
      'The cryptographic length of the cryptosystem to which the private key belongs, in bits. Definition of cryptographic length is specific to cryptosystem. -1 if unavailable',
    ),
    col(
      'key_security_bits',
      'INTEGER',
      'The number of security bits of the private key, bits of security as defined in NIST SP800-57. -1 if unavailable',
    ),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
  ],
  attributes: { userBased: true },
  examples: ['select * from users join user_ssh_keys using (uid) where encrypted = 0'],
  generate: genUserSshKeys,
});
