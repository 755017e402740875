import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dmidecodeTable, gigabyteTable, withStructures } from '../../../test/helpers/dmidecode.js';
import { oemStringRows } from './oem_strings.js';

describe('oem_strings', () => {
  it('lists the strings of a type 11 structure as dmidecode does', () => {
    // The fixture board has no OEM strings: one structure of the shape QEMU's `-smbios type=11` writes is added.
    const table = withStructures(gigabyteTable(), [
      { bytes: [11, 5, 0x40, 0x00, 3], strings: ['io.systemd.credential:hello=world', 'Dell System  ', '5[0000]'] },
    ]);
    const [d] = dmidecodeTable(table).filter((r) => r.type === 11);
    assert.equal(d?.fields.get('String 1'), 'io.systemd.credential:hello=world');
    assert.deepEqual(oemStringRows(table), [
      { handle: '0x0040', number: 1, value: 'io.systemd.credential:hello=world' },
      { handle: '0x0040', number: 2, value: 'Dell System' },
      { handle: '0x0040', number: 3, value: '5[0000]' },
    ]);
  });

  it('returns no rows without type 11 structures', () => {
    assert.deepEqual(oemStringRows(gigabyteTable()), []);
    assert.deepEqual(oemStringRows(undefined), []);
  });
});
