/** osquery's `memory_array_mapped_addresses` table (spec specs/posix/memory_array_mapped_addresses.table, implementation smbios_tables@genMemoryArrayMappedAddresses). */
import { col, defineTable } from '../../engine/spec.js';
import { genMemoryArrayMappedAddresses } from './memory_array_mapped_addresses.js';

export default defineTable({
  name: 'memory_array_mapped_addresses',
  description: 'Data associated for address mapping of physical memory arrays.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('handle', 'TEXT', 'Handle, or instance number, associated with the structure'),
    col('memory_array_handle', 'TEXT', 'Handle of the memory array associated with this structure'),
    col(
      'starting_address',
      'TEXT',
      'Physical stating address, in kilobytes, of a range of memory mapped to physical memory array',
    ),
    col(
      'ending_address',
      'TEXT',
      'Physical ending address of last kilobyte of a range of memory mapped to physical memory array',
    ),
    col(
      'partition_width',
      'INTEGER',
      'Number of memory devices that form a single row of memory for the address partition of this structure',
    ),
  ],
  generate: genMemoryArrayMappedAddresses,
});
