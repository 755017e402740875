/** osquery's `memory_info` table (spec specs/linux/memory_info.table, implementation memory_info@getMemoryInfo). */
import { col, defineTable } from '../../engine/spec.js';
import { genMemoryInfo } from './memory_info.js';

export default defineTable({
  name: 'memory_info',
  description: 'Main memory information in bytes.',
  platforms: ['linux'],
  columns: [
    col('memory_total', 'BIGINT', 'Total amount of physical RAM, in bytes'),
    col('memory_free', 'BIGINT', 'The amount of physical RAM, in bytes, left unused by the system'),
    col(
      'memory_available',
      'BIGINT',
      'The amount of physical RAM, in bytes, available for starting new applications, without swapping',
    ),
    col('buffers', 'BIGINT', 'The amount of physical RAM, in bytes, used for file buffers'),
    col('cached', 'BIGINT', 'The amount of physical RAM, in bytes, used as cache memory'),
    col('swap_cached', 'BIGINT', 'The amount of swap, in bytes, used as cache memory'),
    col('active', 'BIGINT', 'The total amount of buffer or page cache memory, in bytes, that is in active use'),
    col('inactive', 'BIGINT', 'The total amount of buffer or page cache memory, in bytes, that are free and available'),
    col('swap_total', 'BIGINT', 'The total amount of swap available, in bytes'),
    col('swap_free', 'BIGINT', 'The total amount of swap free, in bytes'),
  ],
  generate: genMemoryInfo,
});
