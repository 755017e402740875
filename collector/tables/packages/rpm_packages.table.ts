import { col, defineTable } from '../../engine/spec.js';
import { genRpmPackages } from './rpm_packages.js';

export default defineTable({
  name: 'rpm_packages',
  description: 'RPM packages that are currently installed on the host system.',
  platforms: ['linux'],
  columns: [
    col('name', 'TEXT', 'RPM package name', { index: true, optimized: true }),
    col('version', 'TEXT', 'Package version', { index: true, collate: 'VERSION_RHEL' }),
    col('release', 'TEXT', 'Package release', { index: true }),
    col('source', 'TEXT', 'Source RPM package name (optional)'),
    col('size', 'BIGINT', 'Package size in bytes'),
    col('sha1', 'TEXT', 'SHA1 hash of the package contents', { collate: 'NOCASE' }),
    col('arch', 'TEXT', 'Architecture(s) supported', { index: true }),
    col('epoch', 'INTEGER', 'Package epoch value', { index: true }),
    col('install_time', 'INTEGER', 'When the package was installed'),
    col('vendor', 'TEXT', 'Package vendor'),
    col('package_group', 'TEXT', 'Package group'),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
    col('mount_namespace_id', 'TEXT', 'Mount namespace id', { hidden: true }),
  ],
  attributes: { cacheable: true },
  generate: genRpmPackages,
});
