/** osquery's `secureboot` table (spec specs/secureboot.table, implementation secureboot@genSecureBoot). */
import { col, defineTable } from '../../engine/spec.js';
import { genSecureBoot } from './secureboot.js';

export default defineTable({
  name: 'secureboot',
  description: 'Secure Boot UEFI Settings.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('secure_boot', 'INTEGER', 'Whether secure boot is enabled'),
    col('secure_mode', 'INTEGER', '(Intel) Secure mode: 0 disabled, 1 full security, 2 medium security', {
      hidden: true,
    }),
    col(
      'description',
      'TEXT',
      "(Apple Silicon) Human-readable description: 'Full Security', 'Reduced Security', or 'Permissive Security'",
      { hidden: true },
    ),
    col(
      'kernel_extensions',
      'INTEGER',
      '(Apple Silicon) Allow user management of kernel extensions from identified developers (1 if allowed)',
      { hidden: true },
    ),
    col(
      'mdm_operations',
      'INTEGER',
      '(Apple Silicon) Allow remote (MDM) management of kernel extensions and automatic software updates (1 if allowed)',
      { hidden: true },
    ),
    col('setup_mode', 'INTEGER', 'Whether setup mode is enabled'),
  ],
  generate: genSecureBoot,
});
