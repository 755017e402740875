/** osquery's `ulimit_info` table (spec specs/posix/ulimit_info.table, implementation ulimit_info@genUlimitInfo). */
import { col, defineTable } from '../../engine/spec.js';
import { genUlimitInfo } from './ulimit_info.js';

export default defineTable({
  name: 'ulimit_info',
  description: 'System resource usage limits.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('type', 'TEXT', 'System resource to be limited'),
    col('soft_limit', 'TEXT', 'Current limit value'),
    col('hard_limit', 'TEXT', 'Maximum limit value'),
  ],
  examples: ['select * from ulimit_info'],
  generate: genUlimitInfo,
});
