/** osquery's `crontab` table (spec specs/posix/crontab.table, implementation crontab@genCronTab). */
import { col, defineTable } from '../../engine/spec.js';
import { genCrontab } from './crontab.js';

export default defineTable({
  name: 'crontab',
  description: 'Line parsed values from system and user cron/tab.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('event', 'TEXT', 'The job @event name (rare)'),
    col('minute', 'TEXT', 'The exact minute for the job'),
    col('hour', 'TEXT', 'The hour of the day for the job'),
    col('day_of_month', 'TEXT', 'The day of the month for the job'),
    col('month', 'TEXT', 'The month of the year for the job'),
    col('day_of_week', 'TEXT', 'The day of the week for the job'),
    col('command', 'TEXT', 'Raw command string'),
    col('path', 'TEXT', 'File parsed'),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
  ],
  attributes: { cacheable: true },
  generate: genCrontab,
});
