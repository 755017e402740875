/** osquery's `deb_package_files` table (spec specs/linux/deb_package_files.table, implementation system/deb_packages@genDebPackageFiles). */
import { col, defineTable } from '../../engine/spec.js';
import { genDebPackageFiles } from './deb_package_files.js';

export default defineTable({
  name: 'deb_package_files',
  description: 'Installed files from DEB packages that are currently installed on the system.',
  platforms: ['linux'],
  columns: [
    col('package', 'TEXT', 'DEB package name', { index: true, optimized: true }),
    col('path', 'TEXT', 'File path within the package', { index: true }),
    col('admindir', 'TEXT', 'libdpkg admindir. Defaults to /var/lib/dpkg', { additional: true, optimized: true }),
  ],
  generate: (ctx) => genDebPackageFiles(ctx),
});
