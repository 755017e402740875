/** osquery's `memory_device_mapped_addresses` table (spec specs/posix/memory_device_mapped_addresses.table, implementation smbios_tables@genMemoryDeviceMappedAddresses). */
import { col, defineTable } from '../../engine/spec.js';
import { genMemoryDeviceMappedAddresses } from './memory_device_mapped_addresses.js';

export default defineTable({
  name: 'memory_device_mapped_addresses',
  description: 'Data associated for address mapping of physical memory devices.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('handle', 'TEXT', 'Handle, or instance number, associated with the structure'),
    col('memory_device_handle', 'TEXT', 'Handle of the memory device structure associated with this structure'),
    col(
      'memory_array_mapped_address_handle',
      'TEXT',
      'Handle of the memory array mapped address to which this device range is mapped to',
    ),
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
      'partition_row_position',
      'INTEGER',
      'Identifies the position of the referenced memory device in a row of the address partition',
    ),
    col(
      'interleave_position',
      'INTEGER',
      'The position of the device in a interleave, i.e. 0 indicates non-interleave, 1 indicates 1st interleave, 2 indicates 2nd interleave, etc.',
    ),
    col(
      'interleave_data_depth',
      'INTEGER',
      'The max number of consecutive rows from memory device that are accessed in a single interleave transfer; 0 indicates device is non-interleave',
    ),
  ],
  generate: genMemoryDeviceMappedAddresses,
});
