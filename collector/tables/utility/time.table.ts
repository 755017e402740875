import { col, defineTable } from '../../engine/spec.js';
import { generateTime } from './time.js';

export default defineTable({
  name: 'time',
  description: 'Track current date and time in UTC.',
  platforms: ['linux', 'darwin', 'windows'],
  attributes: { utility: true },
  columns: [
    col('weekday', 'TEXT', 'Current weekday in UTC'),
    col('year', 'INTEGER', 'Current year in UTC'),
    col('month', 'INTEGER', 'Current month in UTC'),
    col('day', 'INTEGER', 'Current day in UTC'),
    col('hour', 'INTEGER', 'Current hour in UTC'),
    col('minutes', 'INTEGER', 'Current minutes in UTC'),
    col('seconds', 'INTEGER', 'Current seconds in UTC'),
    col('timezone', 'TEXT', 'Timezone for reported time (hardcoded to UTC)'),
    col('local_timezone', 'TEXT', 'Current local timezone in of the system'),
    col('unix_time', 'INTEGER', 'Current UNIX time in UTC'),
    col('timestamp', 'TEXT', 'Current timestamp (log format) in UTC'),
    col('datetime', 'TEXT', 'Current date and time (ISO format) in UTC', { aliases: ['date_time'] }),
    col('iso_8601', 'TEXT', 'Current time (ISO format) in UTC'),
    // Windows only in osquery: declared so queries naming it run; NULL on Linux.
    col('win_timestamp', 'BIGINT', 'Timestamp value in 100 nanosecond units', { hidden: true }),
  ],
  generate: generateTime,
});
