/**
 * osquery's `portage_use` (spec specs/linux/portage_use.table): the USE flags each installed Gentoo package was
 * built with, from /var/db/pkg/<category>/<name>-<version>/USE.
 */
import { col, defineTable } from '../../engine/spec.js';
import { portageUse } from './portage.js';

export default defineTable({
  name: 'portage_use',
  description: 'List of enabled portage USE values for specific package.',
  platforms: ['linux'],
  columns: [
    col('package', 'TEXT', 'Package name'),
    col('version', 'TEXT', 'The version of the installed package', { collate: 'VERSION' }),
    col('use', 'TEXT', 'USE flag which has been enabled for package'),
  ],
  generate: () => portageUse('/'),
});
