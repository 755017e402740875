/** osquery's `groups` table (spec specs/groups.table, implementation groups@genGroups). */
import { col, defineTable } from '../../engine/spec.js';
import { genGroups } from './groups.js';

export default defineTable({
  name: 'groups',
  description: 'Local system groups.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('gid', 'BIGINT', 'Unsigned int64 group ID', { index: true }),
    col('gid_signed', 'BIGINT', 'A signed int64 version of gid'),
    col('groupname', 'TEXT', 'Canonical local group name'),
    col('group_sid', 'TEXT', 'Unique group ID', { index: true, hidden: true }),
    col('comment', 'TEXT', 'Remarks or comments associated with the group', { hidden: true }),
    col('is_hidden', 'INTEGER', 'IsHidden attribute set in OpenDirectory', { hidden: true }),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
  ],
  examples: ['select * from groups where gid = 0'],
  generate: genGroups,
});
