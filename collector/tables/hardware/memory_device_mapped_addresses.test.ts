import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dmidecodeTable, gigabyteTable } from '../../../test/helpers/dmidecode.js';
import { memoryDeviceMappedAddressRows } from './memory_device_mapped_addresses.js';

describe('memory_device_mapped_addresses', () => {
  it('decodes the type 20 structures as dmidecode does', () => {
    const table = gigabyteTable();
    const decoded = dmidecodeTable(table).filter((r) => r.type === 20);
    const rows = memoryDeviceMappedAddressRows(table);
    assert.equal(rows.length, decoded.length);
    rows.forEach((row, i) => {
      const d = decoded[i]?.fields;
      assert.equal(row.memory_device_handle, d?.get('Physical Device Handle')?.toLowerCase());
      assert.equal(row.memory_array_mapped_address_handle, d?.get('Memory Array Mapped Address Handle')?.toLowerCase());
      assert.equal(String(row.partition_row_position), d?.get('Partition Row Position'));
      const startBytes = Number.parseInt(String(row.starting_address), 16) * 1024;
      assert.equal(Number.parseInt(d?.get('Starting Address') ?? '', 16), startBytes);
    });
    assert.deepEqual(rows[3], {
      handle: '0x002d',
      memory_device_handle: '0x0028',
      memory_array_mapped_address_handle: '0x0029',
      starting_address: '0x00100000',
      ending_address: '0x001fffff',
      partition_row_position: 1,
      interleave_position: 0,
      interleave_data_depth: 0,
    });
  });

  it('returns no rows without a DMI table', () => {
    assert.deepEqual(memoryDeviceMappedAddressRows(undefined), []);
  });
});
