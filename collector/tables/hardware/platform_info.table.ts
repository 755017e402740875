/** osquery's `platform_info` table (spec specs/platform_info.table, implementation system@genPlatformInfo). */
import { col, defineTable } from '../../engine/spec.js';
import { genPlatformInfo } from './platform_info.js';

export default defineTable({
  name: 'platform_info',
  description: 'Information about EFI/UEFI/ROM and platform/boot.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('vendor', 'TEXT', 'Platform code vendor'),
    col('version', 'TEXT', 'Platform code version', { collate: 'VERSION' }),
    col('date', 'TEXT', 'Self-reported platform code update date'),
    col('revision', 'TEXT', 'BIOS major and minor revision'),
    col('extra', 'TEXT', 'Platform-specific additional information'),
    col('firmware_type', 'TEXT', 'The type of firmware (uefi, bios, iboot, openfirmware, unknown).'),
    col('address', 'TEXT', 'Relative address of firmware mapping'),
    col('size', 'TEXT', 'Size in bytes of firmware'),
    col('volume_size', 'INTEGER', '(Optional) size of firmware volume'),
  ],
  generate: genPlatformInfo,
});
