/** osquery's `kernel_keys` table (spec specs/linux/kernel_keys.table, implementation system/kernel_keys@genKernelKeys). */
import { col, defineTable } from '../../engine/spec.js';
import { genKernelKeys } from './kernel_keys.js';

export default defineTable({
  name: 'kernel_keys',
  description: 'List of security data, authentication keys and encryption keys.',
  platforms: ['linux'],
  columns: [
    col('serial_number', 'TEXT', 'The serial key of the key.'),
    col('flags', 'TEXT', 'A set of flags describing the state of the key.'),
    col('usage', 'BIGINT', 'the number of threads and open file references that refer to this key.'),
    col(
      'timeout',
      'TEXT',
      'The amount of time until the key will expire, expressed in human-readable form. The string perm here means that the key is permanent (no timeout).  The string expd means that the key has already expired.',
    ),
    col(
      'permissions',
      'TEXT',
      'The key permissions, expressed as four hexadecimal bytes containing, from left to right, the possessor, user, group, and other permissions.',
    ),
    col('uid', 'BIGINT', 'The user ID of the key owner.'),
    col('gid', 'BIGINT', 'The group ID of the key.'),
    col('type', 'TEXT', 'The key type.'),
    col('description', 'TEXT', 'The key description.'),
  ],
  generate: genKernelKeys,
});
