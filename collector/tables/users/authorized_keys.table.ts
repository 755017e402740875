/** osquery's `authorized_keys` table (spec specs/posix/authorized_keys.table, implementation authorized_keys@getAuthorizedKeys). */
import { col, defineTable } from '../../engine/spec.js';
import { genAuthorizedKeys } from './authorized_keys.js';

export default defineTable({
  name: 'authorized_keys',
  description: 'A line-delimited authorized_keys table.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('uid', 'BIGINT', 'The local owner of authorized_keys file', { additional: true }),
    col('algorithm', 'TEXT', 'Key type'),
    col('key', 'TEXT', 'Key encoded as base64'),
    col('options', 'TEXT', 'Optional list of login options'),
    col('comment', 'TEXT', 'Optional comment'),
    col('key_file', 'TEXT', 'Path to the authorized_keys file'),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
  ],
  attributes: { userBased: true },
  examples: ['select * from users join authorized_keys using (uid)'],
  generate: genAuthorizedKeys,
});
