/** osquery's `cpu_info` table (spec specs/cpu_info.table, implementation cpu_info@genCpuInfo). */
import { col, defineTable } from '../../engine/spec.js';
import { genCpuInfo } from './cpu_info.js';

export default defineTable({
  name: 'cpu_info',
  description: 'Retrieve cpu hardware info of the machine.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('device_id', 'TEXT', 'The DeviceID of the CPU.'),
    col('model', 'TEXT', 'The model of the CPU.'),
    col('manufacturer', 'TEXT', 'The manufacturer of the CPU.'),
    col('processor_type', 'TEXT', 'The processor type, such as Central, Math, or Video.'),
    col('cpu_status', 'INTEGER', 'The current operating status of the CPU.'),
    col('number_of_cores', 'TEXT', 'The number of cores of the CPU.'),
    col('logical_processors', 'INTEGER', 'The number of logical processors of the CPU.'),
    col('address_width', 'TEXT', 'The width of the CPU address bus.'),
    col('current_clock_speed', 'INTEGER', 'The current frequency of the CPU.'),
    col('max_clock_speed', 'INTEGER', 'The maximum possible frequency of the CPU.'),
    col('socket_designation', 'TEXT', 'The assigned socket on the board for the given CPU.'),
    col('availability', 'TEXT', 'The availability and status of the CPU.', { hidden: true }),
    col('load_percentage', 'INTEGER', 'The current percentage of utilization of the CPU.', { hidden: true }),
    col(
      'number_of_efficiency_cores',
      'INTEGER',
      'The number of efficiency cores of the CPU. Only available on Apple Silicon',
      { hidden: true },
    ),
    col(
      'number_of_performance_cores',
      'INTEGER',
      'The number of performance cores of the CPU. Only available on Apple Silicon',
      { hidden: true },
    ),
  ],
  generate: genCpuInfo,
});
