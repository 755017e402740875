import { col, defineTable } from '../../engine/spec.js';
import { genSystemdUnits } from './systemd_units.js';

export default defineTable({
  name: 'systemd_units',
  description: 'Track systemd units.',
  platforms: ['linux'],
  columns: [
    col('id', 'TEXT', 'Unique unit identifier'),
    col('description', 'TEXT', 'Unit description'),
    col('load_state', 'TEXT', 'Reflects whether the unit definition was properly loaded'),
    col('active_state', 'TEXT', 'The high-level unit activation state, i.e. generalization of SUB'),
    col('sub_state', 'TEXT', 'The low-level unit activation state, values depend on unit type'),
    col('unit_file_state', 'TEXT', 'Whether the unit file is enabled, e.g. `enabled`, `masked`, `disabled`, etc'),
    col('following', 'TEXT', 'The name of another unit that this unit follows in state'),
    col('object_path', 'TEXT', 'The object path for this unit'),
    col('job_id', 'BIGINT', 'Next queued job id'),
    col('job_type', 'TEXT', 'Job type'),
    col('job_path', 'TEXT', 'The object path for the job'),
    col('fragment_path', 'TEXT', 'The unit file path this unit was read from, if there is any'),
    col('user', 'TEXT', 'The configured user, if any'),
    col('source_path', 'TEXT', 'Path to the (possibly generated) unit configuration file'),
  ],
  generate: genSystemdUnits,
});
