/** osquery's `process_memory_map` table (spec specs/process_memory_map.table, implementation processes@genProcessMemoryMap). */
import { col, defineTable } from '../../engine/spec.js';
import { genProcessMemoryMap } from './process_memory_map.js';

export default defineTable({
  name: 'process_memory_map',
  description: 'Process memory mapped files and pseudo device/regions.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('pid', 'INTEGER', 'Process (or thread) ID', { index: true, optimized: true }),
    col('start', 'TEXT', 'Virtual start address (hex)'),
    col('end', 'TEXT', 'Virtual end address (hex)'),
    col('permissions', 'TEXT', 'r=read, w=write, x=execute, p=private (cow)'),
    col('offset', 'BIGINT', 'Offset into mapped path'),
    col('device', 'TEXT', 'MA:MI Major/minor device ID'),
    col('inode', 'INTEGER', 'Mapped path inode, 0 means uninitialized (BSS)'),
    col('path', 'TEXT', 'Path to mapped file or mapped type'),
    col('pseudo', 'INTEGER', '1 If path is a pseudo path, else 0'),
  ],
  examples: ['select * from process_memory_map where pid = 1'],
  generate: genProcessMemoryMap,
});
