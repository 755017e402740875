/** osquery's `system_info` table (spec specs/system_info.table, implementation system/system_info@genSystemInfo). */
import { col, defineTable } from '../../engine/spec.js';
import { genSystemInfo } from './system_info.js';

export default defineTable({
  name: 'system_info',
  description: 'System information for identification.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('hostname', 'TEXT', 'Network hostname including domain'),
    col('uuid', 'TEXT', 'Unique ID provided by the system', { collate: 'NOCASE' }),
    col('cpu_type', 'TEXT', 'CPU type'),
    col('cpu_subtype', 'TEXT', 'CPU subtype'),
    col('cpu_brand', 'TEXT', 'CPU brand string, contains vendor and model'),
    col('cpu_physical_cores', 'INTEGER', 'Number of physical CPU cores in to the system'),
    col('cpu_logical_cores', 'INTEGER', 'Number of logical CPU cores available to the system'),
    col('cpu_sockets', 'INTEGER', 'Number of processor sockets in the system'),
    col('cpu_microcode', 'TEXT', 'Microcode version'),
    col('physical_memory', 'BIGINT', 'Total physical memory in bytes'),
    col('hardware_vendor', 'TEXT', 'Hardware vendor'),
    col('hardware_model', 'TEXT', 'Hardware model'),
    col('hardware_version', 'TEXT', 'Hardware version'),
    col('hardware_serial', 'TEXT', 'Device serial number'),
    col('board_vendor', 'TEXT', 'Board vendor'),
    col('board_model', 'TEXT', 'Board model'),
    col('board_version', 'TEXT', 'Board version'),
    col('board_serial', 'TEXT', 'Board serial number'),
    col('computer_name', 'TEXT', 'Friendly computer name (optional)'),
    col('local_hostname', 'TEXT', 'Local hostname (optional)'),
    col('emulated_cpu_type', 'TEXT', 'Emulated CPU type', { hidden: true }),
  ],
  generate: genSystemInfo,
});
