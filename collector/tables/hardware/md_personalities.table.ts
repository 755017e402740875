/** osquery's `md_personalities` table (spec specs/linux/md_personalities.table, implementation system/md_stat@genMDPersonalities). */
import { col, defineTable } from '../../engine/spec.js';
import { genMdPersonalities } from './md_personalities.js';

export default defineTable({
  name: 'md_personalities',
  description: 'Software RAID setting supported by the kernel.',
  platforms: ['linux'],
  columns: [col('name', 'TEXT', 'Name of personality supported by kernel')],
  generate: genMdPersonalities,
});
