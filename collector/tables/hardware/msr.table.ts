/** osquery's `msr` table (spec specs/linux/msr.table, implementation model_specific_register@genModelSpecificRegister). */
import { col, defineTable } from '../../engine/spec.js';
import { genMsr } from './msr.js';

export default defineTable({
  name: 'msr',
  description:
    'Various pieces of data stored in the model specific register per processor. NOTE: the msr kernel module must be enabled, and osquery must be run as root.',
  platforms: ['linux'],
  columns: [
    col('processor_number', 'BIGINT', 'The processor number as reported in /proc/cpuinfo'),
    col('turbo_disabled', 'BIGINT', 'Whether the turbo feature is disabled.'),
    col('turbo_ratio_limit', 'BIGINT', 'The turbo feature ratio limit.'),
    col('platform_info', 'BIGINT', 'Platform information.'),
    col('perf_ctl', 'BIGINT', 'Performance setting for the processor.'),
    col('perf_status', 'BIGINT', 'Performance status for the processor.'),
    col('feature_control', 'BIGINT', 'Bitfield controlling enabled features.'),
    col('rapl_power_limit', 'BIGINT', 'Run Time Average Power Limiting power limit.'),
    col('rapl_energy_status', 'BIGINT', 'Run Time Average Power Limiting energy status.'),
    col('rapl_power_units', 'BIGINT', 'Run Time Average Power Limiting power units.'),
  ],
  generate: genMsr,
});
