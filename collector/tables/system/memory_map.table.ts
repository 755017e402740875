/** osquery's `memory_map` table (spec specs/linux/memory_map.table, implementation memory_map@genMemoryMap). */
import { col, defineTable } from '../../engine/spec.js';
import { genMemoryMap } from './memory_map.js';

export default defineTable({
  name: 'memory_map',
  description: 'OS memory region map.',
  platforms: ['linux'],
  columns: [
    col('name', 'TEXT', 'Region name'),
    col('start', 'TEXT', 'Start address of memory region'),
    col('end', 'TEXT', 'End address of memory region'),
  ],
  generate: genMemoryMap,
});
