import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { EFI_DIR, genSecureBoot, secureBootRows } from './secureboot.js';

const FIXTURES = fromRoot('collector/tables/hardware/fixtures');

describe('secureboot', () => {
  it('reads the value byte after the 4 attribute bytes of SecureBoot and SetupMode', () => {
    assert.deepEqual(secureBootRows(`${FIXTURES}/efi-sb`), [{ secure_boot: 1, setup_mode: 0 }]);
    assert.deepEqual(secureBootRows(`${FIXTURES}/efi-setup`), [{ secure_boot: 0, setup_mode: 1 }]);
    // UEFI without the variables (secure boot unsupported): one row of NULLs.
    assert.deepEqual(secureBootRows(`${FIXTURES}/selinuxfs`), [{ secure_boot: null, setup_mode: null }]);
  });

  it('has no row on a machine not booted through UEFI (as this one)', () => {
    if (existsSync(EFI_DIR)) return;
    assert.deepEqual(genSecureBoot(), []);
  });
});
