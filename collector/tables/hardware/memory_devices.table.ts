/** osquery's `memory_devices` table (spec specs/memory_devices.table, implementation system@genMemoryDevices). */
import { col, defineTable } from '../../engine/spec.js';
import { genMemoryDevices } from './memory_devices.js';

export default defineTable({
  name: 'memory_devices',
  description: 'Physical memory device (type 17) information retrieved from SMBIOS.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('handle', 'TEXT', 'Handle, or instance number, associated with the structure in SMBIOS'),
    col('array_handle', 'TEXT', 'The memory array that the device is attached to'),
    col('form_factor', 'TEXT', 'Implementation form factor for this memory device'),
    col(
      'total_width',
      'INTEGER',
      'Total width, in bits, of this memory device, including any check or error-correction bits',
    ),
    col('data_width', 'INTEGER', 'Data width, in bits, of this memory device'),
    col('size', 'INTEGER', 'Size of memory device in Megabyte'),
    col(
      'set',
      'INTEGER',
      'Identifies if memory device is one of a set of devices.  A value of 0 indicates no set affiliation.',
    ),
    col(
      'device_locator',
      'TEXT',
      'String number of the string that identifies the physically-labeled socket or board position where the memory device is located',
    ),
    col(
      'bank_locator',
      'TEXT',
      'String number of the string that identifies the physically-labeled bank where the memory device is located',
    ),
    col('memory_type', 'TEXT', 'Type of memory used'),
    col('memory_type_details', 'TEXT', 'Additional details for memory device'),
    col('max_speed', 'INTEGER', 'Max speed of memory device in megatransfers per second (MT/s)'),
    col('configured_clock_speed', 'INTEGER', 'Configured speed of memory device in megatransfers per second (MT/s)'),
    col('manufacturer', 'TEXT', 'Manufacturer ID string'),
    col('serial_number', 'TEXT', 'Serial number of memory device'),
    col('asset_tag', 'TEXT', 'Manufacturer specific asset tag of memory device'),
    col('part_number', 'TEXT', 'Manufacturer specific serial number of memory device'),
    col('min_voltage', 'INTEGER', 'Minimum operating voltage of device in millivolts'),
    col('max_voltage', 'INTEGER', 'Maximum operating voltage of device in millivolts'),
    col('configured_voltage', 'INTEGER', 'Configured operating voltage of device in millivolts'),
  ],
  generate: genMemoryDevices,
});
