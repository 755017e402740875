/** osquery's `file` table (spec specs/utility/file.table, implementation utility/file@genFile). */
import { col, defineTable } from '../../engine/spec.js';
import { generateFile } from './file.js';

export default defineTable({
  name: 'file',
  description: 'Interactive filesystem attributes and metadata.',
  platforms: ['linux', 'darwin', 'windows'],
  attributes: { utility: true },
  columns: [
    col('path', 'TEXT', 'Absolute file path', { required: true, index: true, optimized: true }),
    col('directory', 'TEXT', 'Directory of file(s)', { required: true, optimized: true }),
    col('filename', 'TEXT', 'Name portion of file path'),
    col('inode', 'BIGINT', 'Filesystem inode number'),
    col('uid', 'BIGINT', 'Owning user ID'),
    col('gid', 'BIGINT', 'Owning group ID'),
    col('mode', 'TEXT', 'Permission bits'),
    col('device', 'BIGINT', 'Device ID (optional)'),
    col('size', 'BIGINT', 'Size of file in bytes'),
    col('block_size', 'INTEGER', 'Block size of filesystem'),
    col('atime', 'BIGINT', 'Last access time'),
    col('mtime', 'BIGINT', 'Last modification time'),
    col('ctime', 'BIGINT', 'Last status change time'),
    col('btime', 'BIGINT', '(B)irth or (cr)eate time'),
    col('hard_links', 'INTEGER', 'Number of hard links'),
    col('symlink', 'INTEGER', '1 if the path is a symlink, otherwise 0'),
    col('type', 'TEXT', 'File status'),
    col('symlink_target_path', 'TEXT', 'Full path of the symlink target if any'),
    // Columns of other platforms' builds: declared so queries naming them run; NULL on Linux, as in osquery.
    col('attributes', 'TEXT', 'File attrib string. See: https://ss64.com/nt/attrib.html', { hidden: true }),
    col('volume_serial', 'TEXT', 'Volume serial number', { hidden: true }),
    col('file_id', 'TEXT', 'file ID', { hidden: true }),
    col('file_version', 'TEXT', 'File version', { hidden: true, collate: 'VERSION' }),
    col('product_version', 'TEXT', 'File product version', { hidden: true, collate: 'VERSION' }),
    col('original_filename', 'TEXT', '(Executable files only) Original filename', { hidden: true }),
    col('shortcut_target_path', 'TEXT', 'Full path to the file the shortcut points to', { hidden: true }),
    col('shortcut_target_type', 'TEXT', 'Display name for the target type', { hidden: true }),
    col('shortcut_target_location', 'TEXT', 'Folder name where the shortcut target resides', { hidden: true }),
    col('shortcut_start_in', 'TEXT', 'Full path to the working directory to use when executing the shortcut target', {
      hidden: true,
    }),
    col('shortcut_run', 'TEXT', 'Window mode the target of the shortcut should be run in', { hidden: true }),
    col('shortcut_comment', 'TEXT', 'Comment on the shortcut', { hidden: true }),
    col(
      'bsd_flags',
      'TEXT',
      'The BSD file flags (chflags). Possible values: NODUMP, UF_IMMUTABLE, UF_APPEND, OPAQUE, HIDDEN, ARCHIVED, SF_IMMUTABLE, SF_APPEND',
      { hidden: true },
    ),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
    col('mount_namespace_id', 'TEXT', 'Mount namespace id', { hidden: true }),
  ],
  examples: [
    "select * from file where path = '/etc/passwd'",
    "select * from file where directory = '/etc/'",
    "select * from file where path LIKE '/etc/%'",
  ],
  generate: generateFile,
});
