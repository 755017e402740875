/** osquery's `suid_bin` table (spec specs/posix/suid_bin.table, implementation suid_bin@genSuidBin). */
import { col, defineTable } from '../../engine/spec.js';
import { genSuidBin } from './suid_bin.js';

export default defineTable({
  name: 'suid_bin',
  description: 'suid binaries in common locations.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('path', 'TEXT', 'Binary path'),
    col('username', 'TEXT', 'Binary owner username'),
    col('groupname', 'TEXT', 'Binary owner group'),
    col('permissions', 'TEXT', 'Binary permissions'),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
  ],
  attributes: { cacheable: true },
  generate: genSuidBin,
});
