import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dmidecodeTable, gigabyteTable } from '../../../test/helpers/dmidecode.js';
import { firmwareType, platformInfoRows } from './platform_info.js';

describe('platform_info', () => {
  it('reports the BIOS Information structure as dmidecode decodes it', () => {
    const table = gigabyteTable();
    const [d] = dmidecodeTable(table).filter((r) => r.type === 0);
    const [row] = platformInfoRows(table, 'bios');
    assert.equal(row?.vendor, d?.fields.get('Vendor'));
    assert.equal(row?.version, d?.fields.get('Version'));
    assert.equal(row?.date, d?.fields.get('Release Date'));
    assert.equal(`${Number(row?.size) / 1024 / 1024} MB`, d?.fields.get('ROM Size'));
    // dmidecode prints the segment as a physical address (segment * 16).
    assert.equal(
      `0x${(Number.parseInt(String(row?.address), 16) * 16).toString(16).toUpperCase()}`,
      d?.fields.get('Address'),
    );
    // No BIOS Revision in this table: both bytes are 0xFF, which osquery prints as is.
    assert.equal(d?.fields.get('BIOS Revision'), undefined);
    assert.deepEqual(row, {
      vendor: 'Award Software International, Inc.',
      version: 'F8',
      date: '08/03/2010',
      revision: '255.255',
      extra: '',
      firmware_type: 'bios',
      address: '0xe000',
      size: '1048576',
      volume_size: 0,
    });
  });

  it('tells UEFI from BIOS boots by /sys/firmware/efi', () => {
    const dir = mkdtempSync(join(tmpdir(), 'osprey-efi-'));
    try {
      assert.equal(firmwareType(dir), 'uefi');
      assert.equal(firmwareType(join(dir, 'absent')), 'bios');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('returns no rows without a DMI table', () => {
    assert.deepEqual(platformInfoRows(undefined), []);
  });
});
