/** osquery's `intel_me_info` table (spec specs/linwin/intel_me_info.table, implementation intel_me_info@getIntelMEInfo). */
import { col, defineTable } from '../../engine/spec.js';
import { genIntelMeInfo } from './intel_me_info.js';

export default defineTable({
  name: 'intel_me_info',
  description: 'Intel ME/CSE Info.',
  platforms: ['linux', 'windows'],
  columns: [col('version', 'TEXT', 'Intel ME version', { collate: 'VERSION' })],
  generate: genIntelMeInfo,
});
