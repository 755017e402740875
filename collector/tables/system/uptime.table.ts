/** osquery's `uptime` table (spec specs/uptime.table, implementation system/uptime@genUptime). */
import { col, defineTable } from '../../engine/spec.js';
import { genUptime } from './uptime.js';

export default defineTable({
  name: 'uptime',
  description: 'Track time passed since last boot. Some systems track this as calendar time, some as runtime.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('days', 'INTEGER', 'Days of uptime'),
    col('hours', 'INTEGER', 'Hours of uptime'),
    col('minutes', 'INTEGER', 'Minutes of uptime'),
    col('seconds', 'INTEGER', 'Seconds of uptime'),
    col('total_seconds', 'BIGINT', 'Total uptime seconds'),
  ],
  generate: genUptime,
});
