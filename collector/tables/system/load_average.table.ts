/** osquery's `load_average` table (spec specs/posix/load_average.table, implementation load_average@genLoadAverage). */
import { col, defineTable } from '../../engine/spec.js';
import { genLoadAverage } from './load_average.js';

export default defineTable({
  name: 'load_average',
  description: 'Displays information about the system wide load averages.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('period', 'TEXT', 'Period over which the average is calculated.'),
    col('average', 'TEXT', 'Load average over the specified period.'),
  ],
  examples: ['select * from load_average;'],
  generate: genLoadAverage,
});
