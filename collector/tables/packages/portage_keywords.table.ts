/**
 * osquery's `portage_keywords` (spec specs/linux/portage_keywords.table): atoms named in /etc/portage's
 * package.keywords, package.mask and package.unmask.
 */
import { col, defineTable } from '../../engine/spec.js';
import { portageKeywords } from './portage.js';

export default defineTable({
  name: 'portage_keywords',
  description: 'A summary about portage configurations like keywords, mask and unmask.',
  platforms: ['linux'],
  columns: [
    col('package', 'TEXT', 'Package name'),
    col('version', 'TEXT', 'The version which are affected by the use flags, empty means all', { collate: 'VERSION' }),
    col('keyword', 'TEXT', 'The keyword applied to the package'),
    col('mask', 'INTEGER', 'If the package is masked'),
    col('unmask', 'INTEGER', 'If the package is unmasked'),
  ],
  generate: () => portageKeywords('/'),
});
