/** osquery's `process_open_files` table (spec specs/posix/process_open_files.table, implementation system/process_open_files@genOpenFiles). */
import { col, defineTable } from '../../engine/spec.js';
import { genProcessOpenFiles } from './process_open_files.js';

export default defineTable({
  name: 'process_open_files',
  description: 'File descriptors for each process.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('pid', 'BIGINT', 'Process (or thread) ID', { index: true }),
    col('fd', 'BIGINT', 'Process-specific file descriptor number'),
    col('path', 'TEXT', 'Filesystem path of descriptor'),
  ],
  examples: ['select * from process_open_files where pid = 1'],
  generate: genProcessOpenFiles,
});
