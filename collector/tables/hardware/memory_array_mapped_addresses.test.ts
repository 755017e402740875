import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dmidecodeTable, gigabyteTable } from '../../../test/helpers/dmidecode.js';
import { memoryArrayMappedAddressRows } from './memory_array_mapped_addresses.js';

describe('memory_array_mapped_addresses', () => {
  it('reports the kB range of the type 19 structure that dmidecode shows in bytes', () => {
    const table = gigabyteTable();
    const [d] = dmidecodeTable(table).filter((r) => r.type === 19);
    const rows = memoryArrayMappedAddressRows(table);
    assert.deepEqual(rows, [
      {
        handle: '0x0029',
        memory_array_handle: '0x0024',
        starting_address: '0x00000000',
        ending_address: '0x001fffff',
        partition_width: 1,
      },
    ]);
    // dmidecode prints bytes: (end kB + 1) * 1024 - 1.
    const endBytes = (Number.parseInt(String(rows[0]?.ending_address), 16) + 1) * 1024 - 1;
    assert.equal(Number.parseInt(d?.fields.get('Ending Address') ?? '', 16), endBytes);
    assert.equal(d?.fields.get('Physical Array Handle')?.toLowerCase(), rows[0]?.memory_array_handle);
  });

  it('returns no rows without a DMI table', () => {
    assert.deepEqual(memoryArrayMappedAddressRows(undefined), []);
  });
});
