/** osquery's `shadow` table (spec specs/linux/shadow.table, implementation system/shadow@genShadow). */
import { col, defineTable } from '../../engine/spec.js';
import { genShadow } from './shadow.js';

export default defineTable({
  name: 'shadow',
  description:
    'Local system users encrypted passwords and related information. Please note, that you usually need superuser rights to access `/etc/shadow`.',
  platforms: ['linux'],
  columns: [
    col('password_status', 'TEXT', 'Password status'),
    col('hash_alg', 'TEXT', 'Password hashing algorithm'),
    col('last_change', 'BIGINT', 'Date of last password change (starting from UNIX epoch date)'),
    col('min', 'BIGINT', 'Minimal number of days between password changes'),
    col('max', 'BIGINT', 'Maximum number of days between password changes'),
    col('warning', 'BIGINT', 'Number of days before password expires to warn user about it'),
    col('inactive', 'BIGINT', 'Number of days after password expires until account is blocked'),
    col('expire', 'BIGINT', 'Number of days since UNIX epoch date until account is disabled'),
    col('flag', 'BIGINT', 'Reserved'),
    col('username', 'TEXT', 'Username', { index: true, optimized: true }),
  ],
  examples: ["select * from shadow where username = 'root'"],
  generate: genShadow,
});
