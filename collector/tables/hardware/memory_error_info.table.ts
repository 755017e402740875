/** osquery's `memory_error_info` table (spec specs/posix/memory_error_info.table, implementation smbios_tables@genMemoryErrorInfo). */
import { col, defineTable } from '../../engine/spec.js';
import { genMemoryErrorInfo } from './memory_error_info.js';

export default defineTable({
  name: 'memory_error_info',
  description: 'Data associated with errors of a physical memory array.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('handle', 'TEXT', 'Handle, or instance number, associated with the structure'),
    col('error_type', 'TEXT', 'type of error associated with current error status for array or device'),
    col('error_granularity', 'TEXT', 'Granularity to which the error can be resolved'),
    col('error_operation', 'TEXT', 'Memory access operation that caused the error'),
    col('vendor_syndrome', 'TEXT', 'Vendor specific ECC syndrome or CRC data associated with the erroneous access'),
    col(
      'memory_array_error_address',
      'TEXT',
      '32 bit physical address of the error based on the addressing of the bus to which the memory array is connected',
    ),
    col(
      'device_error_address',
      'TEXT',
      '32 bit physical address of the error relative to the start of the failing memory address, in bytes',
    ),
    col(
      'error_resolution',
      'TEXT',
      'Range, in bytes, within which this error can be determined, when an error address is given',
    ),
  ],
  generate: genMemoryErrorInfo,
});
