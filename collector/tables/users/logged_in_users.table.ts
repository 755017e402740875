/** osquery's `logged_in_users` table (spec specs/logged_in_users.table, implementation logged_in_users@genLoggedInUsers). */
import { col, defineTable } from '../../engine/spec.js';
import { genLoggedInUsers } from './logged_in_users.js';

export default defineTable({
  name: 'logged_in_users',
  description: 'Users with an active shell on the system.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('type', 'TEXT', 'Login type'),
    col('user', 'TEXT', 'User login name'),
    col('tty', 'TEXT', 'Device name'),
    col('host', 'TEXT', 'Remote hostname'),
    col('time', 'BIGINT', 'Time entry was made'),
    col('pid', 'INTEGER', 'Process (or thread) ID'),
    col('sid', 'TEXT', "The user's unique security identifier", { hidden: true }),
    col('registry_hive', 'TEXT', 'HKEY_USERS registry hive', { hidden: true }),
  ],
  attributes: { cacheable: true },
  generate: genLoggedInUsers,
});
