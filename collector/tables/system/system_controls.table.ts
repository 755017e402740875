/** osquery's `system_controls` table (spec specs/posix/system_controls.table, implementation system_controls@genSystemControls). */
import { col, defineTable } from '../../engine/spec.js';
import { genSystemControls } from './system_controls.js';

export default defineTable({
  name: 'system_controls',
  description: 'sysctl names, values, and settings information.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('name', 'TEXT', 'Full sysctl MIB name', { index: true }),
    col('oid', 'TEXT', 'Control MIB', { additional: true }),
    col('subsystem', 'TEXT', 'Subsystem ID, control type', { additional: true }),
    col('current_value', 'TEXT', 'Value of setting'),
    col('config_value', 'TEXT', 'The MIB value set in /etc/sysctl.conf'),
    col('type', 'TEXT', 'Data type'),
    col('field_name', 'TEXT', 'Specific attribute of opaque type', { hidden: true }),
  ],
  generate: genSystemControls,
});
