import { col, defineTable } from '../../engine/spec.js';
import { genDebPackages } from './deb_packages.js';

export default defineTable({
  name: 'deb_packages',
  description: 'The installed DEB package database.',
  platforms: ['linux'],
  columns: [
    col('name', 'TEXT', 'Package name'),
    col('version', 'TEXT', 'Package version', { collate: 'VERSION_DPKG' }),
    col('source', 'TEXT', 'Package source'),
    col('size', 'BIGINT', 'Package size in bytes'),
    col('arch', 'TEXT', 'Package architecture'),
    col('revision', 'TEXT', 'Package revision'),
    col('status', 'TEXT', 'Package status'),
    col('maintainer', 'TEXT', 'Package maintainer'),
    col('section', 'TEXT', 'Package section'),
    col('priority', 'TEXT', 'Package priority'),
    col('admindir', 'TEXT', 'libdpkg admindir. Defaults to /var/lib/dpkg', { additional: true, optimized: true }),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
    col('mount_namespace_id', 'TEXT', 'Mount namespace id', { hidden: true }),
  ],
  attributes: { cacheable: true },
  generate: genDebPackages,
});
