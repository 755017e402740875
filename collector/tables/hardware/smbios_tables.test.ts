import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { dmidecodeTable, gigabyteTable } from '../../../test/helpers/dmidecode.js';
import { genSmbiosTables, smbiosTableRows } from './smbios_tables.js';

describe('smbios_tables', () => {
  it("lists every structure with osquery's description, sizes and an MD5 of its bytes", () => {
    const table = gigabyteTable();
    const rows = smbiosTableRows(table);
    const decoded = dmidecodeTable(table);
    assert.deepEqual(
      rows.map((r) => [r.handle, r.type, r.header_size]),
      decoded.map((d) => [d.handle, d.type, d.length]),
    );
    assert.deepEqual(rows[0], {
      number: 0,
      type: 0,
      description: 'BIOS Information',
      handle: 0,
      header_size: 24,
      size: 74, // 24 formatted bytes, three strings (49 bytes with their NULs) and the NUL closing the set
      md5: createHash('md5').update(table.subarray(0, 74)).digest('hex'),
    });
    // The sizes tile the table: each structure starts where the previous one ended. osquery's walker stops its scan
    // for the double NUL 4 bytes before the end, so the last structure's size leaves out its 2-byte terminator.
    assert.equal(
      rows.reduce((sum, r) => sum + Number(r.size), 0),
      table.length - 2,
    );
    assert.equal(rows.at(-1)?.size, 4);
    assert.equal(rows.find((r) => r.type === 188)?.description, 'Unknown');
    assert.equal(rows.at(-1)?.description, 'End-of-Table');
  });

  it('returns no rows and no error without a DMI table', () => {
    assert.deepEqual(smbiosTableRows(undefined), []);
    assert.ok(Array.isArray(genSmbiosTables()));
  });
});
