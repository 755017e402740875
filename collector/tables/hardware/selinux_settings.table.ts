/** osquery's `selinux_settings` table (spec specs/linux/selinux_settings.table, implementation system/selinux_settings@genSELinuxSettings). */
import { col, defineTable } from '../../engine/spec.js';
import { genSelinuxSettings } from './selinux_settings.js';

export default defineTable({
  name: 'selinux_settings',
  description: 'Track active SELinux settings.',
  platforms: ['linux'],
  columns: [
    col('scope', 'TEXT', 'Where the key is located inside the SELinuxFS mount point.'),
    col('key', 'TEXT', 'Key or class name.'),
    col('value', 'TEXT', 'Active value.'),
  ],
  generate: genSelinuxSettings,
});
