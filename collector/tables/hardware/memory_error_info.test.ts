import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dmidecodeTable, gigabyteTable, withStructures } from '../../../test/helpers/dmidecode.js';
import { memoryErrorInfoRows } from './memory_error_info.js';

const dword = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

describe('memory_error_info', () => {
  it('decodes type 18 structures as dmidecode does, with "unknown" values as NULL', () => {
    // The fixture board has no type 18 structure: two are added, one "OK" as firmware usually writes it and one
    // describing a corrected single-bit read error.
    const table = withStructures(gigabyteTable(), [
      {
        bytes: [
          18,
          0x17,
          0x40,
          0x00,
          0x03,
          0x02,
          0x02,
          ...dword(0),
          ...dword(0x80000000),
          ...dword(0x80000000),
          ...dword(0x80000000),
        ],
      },
      {
        bytes: [
          18,
          0x17,
          0x41,
          0x00,
          0x0c,
          0x03,
          0x03,
          ...dword(0xbeef),
          ...dword(0x1000),
          ...dword(0x20),
          ...dword(64),
        ],
      },
    ]);
    const decoded = dmidecodeTable(table).filter((r) => r.type === 18);
    assert.equal(decoded[0]?.fields.get('Type'), 'OK');
    assert.equal(decoded[1]?.fields.get('Type'), 'Corrected Single-bit Error');
    assert.equal(decoded[1]?.fields.get('Operation'), 'Read');
    assert.equal(decoded[1]?.fields.get('Vendor Syndrome'), '0x0000BEEF');
    assert.deepEqual(memoryErrorInfoRows(table), [
      {
        handle: '0x0040',
        error_type: 'OK',
        error_granularity: 'Unknown',
        error_operation: 'Unknown',
        vendor_syndrome: null,
        memory_array_error_address: null,
        device_error_address: null,
        error_resolution: null,
      },
      {
        handle: '0x0041',
        error_type: 'Corrected single-bit error',
        error_granularity: 'Device level',
        error_operation: 'Read',
        vendor_syndrome: '0x0000beef',
        memory_array_error_address: '0x00001000',
        device_error_address: '0x00000020',
        error_resolution: '0x00000040',
      },
    ]);
  });

  it('returns no rows where the table has no type 18 structure, or without a table', () => {
    assert.deepEqual(memoryErrorInfoRows(gigabyteTable()), []);
    assert.deepEqual(memoryErrorInfoRows(undefined), []);
  });
});
