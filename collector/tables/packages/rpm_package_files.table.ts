/** osquery's `rpm_package_files` table (spec specs/linux/rpm_package_files.table, implementation @genRpmPackageFiles). */
import { col, defineTable } from '../../engine/spec.js';
import { genRpmPackageFiles } from './rpm_package_files.js';

export default defineTable({
  name: 'rpm_package_files',
  description: 'Installed files from RPM packages that are currently installed on the system.',
  platforms: ['linux'],
  columns: [
    col('package', 'TEXT', 'RPM package name', { index: true, optimized: true }),
    col('path', 'TEXT', 'File path within the package', { index: true }),
    col('username', 'TEXT', 'File default username from info DB'),
    col('groupname', 'TEXT', 'File default groupname from info DB'),
    col('mode', 'TEXT', 'File permissions mode from info DB'),
    col('size', 'BIGINT', 'Expected file size in bytes from RPM info DB'),
    col('sha256', 'TEXT', 'SHA256 file digest from RPM info DB', { collate: 'NOCASE' }),
  ],
  generate: (ctx) => genRpmPackageFiles(ctx),
});
