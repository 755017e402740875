/** osquery's `shared_memory` table (spec specs/linux/shared_memory.table, implementation shared_memory@genSharedMemory). */
import { col, defineTable } from '../../engine/spec.js';
import { genSharedMemory } from './shared_memory.js';

export default defineTable({
  name: 'shared_memory',
  description: 'OS shared memory regions.',
  platforms: ['linux'],
  columns: [
    col('shmid', 'INTEGER', 'Shared memory segment ID'),
    col('owner_uid', 'BIGINT', 'User ID of owning process'),
    col('creator_uid', 'BIGINT', 'User ID of creator process'),
    col('pid', 'BIGINT', 'Process ID to last use the segment'),
    col('creator_pid', 'BIGINT', 'Process ID that created the segment'),
    col('atime', 'BIGINT', 'Attached time'),
    col('dtime', 'BIGINT', 'Detached time'),
    col('ctime', 'BIGINT', 'Changed time'),
    col('permissions', 'TEXT', 'Memory segment permissions'),
    col('size', 'BIGINT', 'Size in bytes'),
    col('attached', 'INTEGER', 'Number of attached processes'),
    col('status', 'TEXT', 'Destination/attach status'),
    col('locked', 'INTEGER', '1 if segment is locked else 0'),
  ],
  generate: genSharedMemory,
});
