/** osquery's `file_events` (spec specs/posix/file_events.table): file changes under the config's file_paths. */
import { col, defineTable } from '../../engine/spec.js';
import { selectEvents } from './events.js';

export default defineTable({
  name: 'file_events',
  description: 'Track time/action changes to files specified in configuration data.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('target_path', 'TEXT', 'The path associated with the event'),
    col('category', 'TEXT', 'The category of the file defined in the config'),
    col('action', 'TEXT', 'Change action (UPDATE, REMOVE, etc)'),
    col('transaction_id', 'BIGINT', 'ID used during bulk update'),
    col('inode', 'BIGINT', 'Filesystem inode number'),
    col('uid', 'BIGINT', 'Owning user ID'),
    col('gid', 'BIGINT', 'Owning group ID'),
    col('mode', 'TEXT', 'Permission bits'),
    col('size', 'BIGINT', 'Size of file in bytes'),
    col('atime', 'BIGINT', 'Last access time'),
    col('mtime', 'BIGINT', 'Last modification time'),
    col('ctime', 'BIGINT', 'Last status change time'),
    col('md5', 'TEXT', 'The MD5 of the file after change', { collate: 'NOCASE' }),
    col('sha1', 'TEXT', 'The SHA1 of the file after change', { collate: 'NOCASE' }),
    col('sha256', 'TEXT', 'The SHA256 of the file after change', { collate: 'NOCASE' }),
    col('hashed', 'INTEGER', '1 if the file was hashed, 0 if not, -1 if hashing failed'),
    col('time', 'BIGINT', 'Time of file event', { additional: true }),
    col('eid', 'TEXT', 'Event ID', { hidden: true }),
  ],
  attributes: { eventBased: true },
  generate: (ctx) => selectEvents('file_events', ctx),
});
