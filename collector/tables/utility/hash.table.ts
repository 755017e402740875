/** osquery's `hash` table (spec specs/hash.table, implementation hash@genHash). */
import { col, defineTable } from '../../engine/spec.js';
import { generateHash } from './hash.js';

export default defineTable({
  name: 'hash',
  description: 'Filesystem hash data.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('path', 'TEXT', 'Must provide a path or directory', { required: true, index: true, optimized: true }),
    col('directory', 'TEXT', 'Must provide a path or directory', { required: true, optimized: true }),
    col('md5', 'TEXT', 'MD5 hash of provided filesystem data', { collate: 'NOCASE' }),
    col('sha1', 'TEXT', 'SHA1 hash of provided filesystem data', { collate: 'NOCASE' }),
    col('sha256', 'TEXT', 'SHA256 hash of provided filesystem data', { collate: 'NOCASE' }),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
    col('mount_namespace_id', 'TEXT', 'Mount namespace id', { hidden: true }),
  ],
  examples: ["select * from hash where path = '/etc/passwd'", "select * from hash where directory = '/etc/'"],
  generate: generateHash,
});
