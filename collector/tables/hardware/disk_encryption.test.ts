import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { requireCommand } from '../../../test/helpers/system-tools.js';
import { diskEncryptionRows, genDiskEncryption } from './disk_encryption.js';
import { readLuksHeader } from './luks.js';

const FIXTURES = fromRoot('collector/tables/hardware/fixtures');

/** `cryptsetup luksDump` of a header fixture, padded back to a device size cryptsetup accepts. */
function luksDump(header: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-luks-'));
  try {
    const image = join(dir, 'disk.img');
    copyFileSync(header, image);
    truncateSync(image, 8 * 1024 * 1024);
    return execFileSync(requireCommand('cryptsetup', 'cryptsetup-bin'), ['luksDump', image], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('disk_encryption', () => {
  it('reads LUKS1 and LUKS2 headers as cryptsetup luksDump reports them', () => {
    const luks2 = readLuksHeader(`${FIXTURES}/luks/luks2-aes-xts.hdr`);
    const dump2 = luksDump(`${FIXTURES}/luks/luks2-aes-xts.hdr`);
    assert.match(dump2, new RegExp(`UUID:\\s+${luks2?.uuid}`));
    assert.match(dump2, new RegExp(`cipher: ${luks2?.cipher}-${luks2?.mode}`));
    assert.deepEqual(luks2, {
      type: 'LUKS2',
      uuid: '6f1d2c3b-4a5e-4f60-8b7a-9c0d1e2f3a4b',
      cipher: 'aes',
      mode: 'xts-plain64',
    });
    const luks1 = readLuksHeader(`${FIXTURES}/luks/luks1-aes-cbc.hdr`);
    const dump1 = luksDump(`${FIXTURES}/luks/luks1-aes-cbc.hdr`);
    assert.match(dump1, /Cipher name:\s+aes\n/);
    assert.match(dump1, /Cipher mode:\s+cbc-essiv:sha256\n/);
    assert.deepEqual(luks1, {
      type: 'LUKS1',
      uuid: '0b6cf9a4-2e3c-4d7a-9f1e-5a8c3b2d1e0f',
      cipher: 'aes',
      mode: 'cbc-essiv:sha256',
    });
    assert.equal(readLuksHeader(`${FIXTURES}/pci.ids`), undefined);
  });

  it("marks dm-crypt mappings and what sits on them as encrypted, with osquery's type string", () => {
    const rows = diskEncryptionRows(
      { sysClassBlock: `${FIXTURES}/sys-crypt/class/block`, devDir: `${FIXTURES}/sys-crypt/dev` },
      true,
    );
    const byName = new Map(rows.map((r) => [r.name, r]));
    assert.deepEqual(byName.get('/dev/dm-0'), {
      name: '/dev/dm-0',
      uuid: '',
      encrypted: 1,
      type: 'LUKS2-aes-xts-plain64',
      encryption_status: 'encrypted',
    });
    assert.equal(byName.get('/dev/dm-1')?.type, 'LUKS1-aes-cbc-essiv:sha256');
    // An LVM volume inside the LUKS2 mapping inherits its status, as osquery's parent walk does.
    assert.equal(byName.get('/dev/dm-2')?.type, 'LUKS2-aes-xts-plain64');
    // The partition holding the LUKS header is not itself a dm-crypt mapping; its uuid is the LUKS UUID.
    assert.deepEqual(byName.get('/dev/vda2'), {
      name: '/dev/vda2',
      uuid: '6f1d2c3b-4a5e-4f60-8b7a-9c0d1e2f3a4b',
      encrypted: 0,
      type: '',
      encryption_status: 'not encrypted',
    });
    assert.equal(byName.get('/dev/vda')?.encryption_status, 'not encrypted');
    assert.equal(rows.length, 8);
  });

  it("reports this machine's disks as not encrypted (no device-mapper here), and nothing unless root", () => {
    const rows = genDiskEncryption();
    if (process.geteuid?.() !== 0) return assert.deepEqual(rows, []);
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.encrypted === 0 && r.encryption_status === 'not encrypted'));
    assert.deepEqual(diskEncryptionRows(undefined, false), []);
  });
});
