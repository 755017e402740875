import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dmidecodeTable, gigabyteTable } from '../../../test/helpers/dmidecode.js';
import { memoryArrayRows } from './memory_arrays.js';

describe('memory_arrays', () => {
  it('decodes the type 16 structure as dmidecode does (capacity in GB)', () => {
    const table = gigabyteTable();
    const [d] = dmidecodeTable(table).filter((r) => r.type === 16);
    assert.equal(d?.fields.get('Maximum Capacity'), '16 GB');
    assert.equal(d?.fields.get('Number Of Devices'), '4');
    assert.deepEqual(memoryArrayRows(table), [
      {
        handle: '0x0024',
        location: 'System board or motherboard',
        use: 'System memory',
        memory_error_correction: 'none',
        max_capacity: 16,
        memory_error_info_handle: null,
        number_memory_devices: 4,
      },
    ]);
  });

  it('returns no rows without a DMI table', () => {
    assert.deepEqual(memoryArrayRows(undefined), []);
  });
});
