/**
 * osquery's `portage_packages` (spec specs/linux/portage_packages.table): Gentoo packages installed, from /var/db/pkg
 * (empty without /var/lib/portage/world, as osquery).
 */
import { col, defineTable } from '../../engine/spec.js';
import { portagePackages } from './portage.js';

export default defineTable({
  name: 'portage_packages',
  description: 'List of currently installed packages.',
  platforms: ['linux'],
  columns: [
    col('package', 'TEXT', 'Package name'),
    col('version', 'TEXT', 'The version which are affected by the use flags, empty means all', { collate: 'VERSION' }),
    col('slot', 'TEXT', 'The slot used by package'),
    col('build_time', 'BIGINT', 'Unix time when package was built'),
    col('repository', 'TEXT', 'From which repository the ebuild was used'),
    col('eapi', 'BIGINT', 'The eapi for the ebuild'),
    col('size', 'BIGINT', 'The size of the package'),
    col('world', 'INTEGER', 'If package is in the world file'),
  ],
  generate: () => portagePackages('/'),
});
