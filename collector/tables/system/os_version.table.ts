/** osquery's `os_version` table (spec specs/os_version.table, implementation system/os_version@genOSVersion). */
import { col, defineTable } from '../../engine/spec.js';
import { genOsVersion } from './os_version.js';

export default defineTable({
  name: 'os_version',
  description: 'A single row containing the operating system name and version.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('name', 'TEXT', 'Distribution or product name'),
    col('version', 'TEXT', 'Pretty, suitable for presentation, OS version', { collate: 'VERSION' }),
    col('major', 'INTEGER', 'Major release version'),
    col('minor', 'INTEGER', 'Minor release version'),
    col('patch', 'INTEGER', 'Optional patch release'),
    col('build', 'TEXT', 'Optional build-specific or variant string'),
    col('platform', 'TEXT', 'OS Platform or ID'),
    col('platform_like', 'TEXT', 'Closely related platforms'),
    col('codename', 'TEXT', 'OS version codename'),
    col('arch', 'TEXT', 'OS Architecture'),
    col('extra', 'TEXT', 'Optional extra release specification', { hidden: true }),
    col('install_date', 'BIGINT', 'The install date of the OS.', { hidden: true }),
    col('revision', 'INTEGER', 'Update Build Revision, refers to the specific revision number of a Windows update', {
      hidden: true,
    }),
    col('pid_with_namespace', 'INTEGER', 'Pids that contain a namespace', { additional: true, hidden: true }),
    col('mount_namespace_id', 'TEXT', 'Mount namespace id', { hidden: true }),
  ],
  generate: genOsVersion,
});
