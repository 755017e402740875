/** osquery's `memory_arrays` table (spec specs/posix/memory_arrays.table, implementation smbios_tables@genMemoryArrays). */
import { col, defineTable } from '../../engine/spec.js';
import { genMemoryArrays } from './memory_arrays.js';

export default defineTable({
  name: 'memory_arrays',
  description: 'Data associated with collection of memory devices that operate to form a memory address.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('handle', 'TEXT', 'Handle, or instance number, associated with the array'),
    col('location', 'TEXT', 'Physical location of the memory array'),
    col('use', 'TEXT', 'Function for which the array is used'),
    col('memory_error_correction', 'TEXT', 'Primary hardware error correction or detection method supported'),
    col('max_capacity', 'INTEGER', 'Maximum capacity of array in gigabytes'),
    col(
      'memory_error_info_handle',
      'TEXT',
      'Handle, or instance number, associated with any error that was detected for the array',
    ),
    col('number_memory_devices', 'INTEGER', 'Number of memory devices on array'),
  ],
  generate: genMemoryArrays,
});
