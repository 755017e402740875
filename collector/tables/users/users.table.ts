/** osquery's `users` table (spec specs/users.table, implementation users@genUsers). */
import { col, defineTable } from '../../engine/spec.js';
import { genUsers } from './users.js';

export default defineTable({
  name: 'users',
  description: 'Local user accounts (including domain accounts that have logged on locally (Windows)).',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('uid', 'BIGINT', 'User ID', { index: true }),
    col('gid', 'BIGINT', 'Group ID (unsigned)'),
    col('uid_signed', 'BIGINT', 'User ID as int64 signed (Apple)'),
    col('gid_signed', 'BIGINT', 'Default group ID as int64 signed (Apple)'),
    col('username', 'TEXT', 'Username', { additional: true }),
    col('description', 'TEXT', 'Optional user description'),
    col('directory', 'TEXT', "User's home directory"),
    col('shell', 'TEXT', "User's configured default shell"),
    col('uuid', 'TEXT', "User's UUID (Apple) or SID (Windows)", { index: true, collate: 'NOCASE' }),
    col('type', 'TEXT', 'Whether the account is roaming (domain), local, or a system profile', { hidden: true }),
    col('is_hidden', 'INTEGER', 'IsHidden attribute set in OpenDirectory', { hidden: true }),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
    col(
      'include_remote',
      'INTEGER',
      '1 to include remote (LDAP/AD) accounts (default 0). Warning: without any uid/username filtering it may list whole LDAP directories',
      { additional: true, hidden: true },
    ),
  ],
  examples: [
    'select * from users where uid = 1000',
    "select * from users where username = 'root'",
    'select count(*) from users u, user_groups ug where u.uid = ug.uid',
  ],
  generate: genUsers,
});
