/** osquery's `user_groups` table (spec specs/user_groups.table, implementation user_groups@genUserGroups). */
import { col, defineTable } from '../../engine/spec.js';
import { genUserGroups } from './user_groups.js';

export default defineTable({
  name: 'user_groups',
  description: 'Local system user group relationships.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('uid', 'BIGINT', 'User ID', { index: true, optimized: true }),
    col('gid', 'BIGINT', 'Group ID', { index: true }),
  ],
  generate: genUserGroups,
});
