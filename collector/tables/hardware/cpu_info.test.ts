import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dmidecodeTable, gigabyteTable } from '../../../test/helpers/dmidecode.js';
import { cpuInfoRows } from './cpu_info.js';

describe('cpu_info', () => {
  it('reports the Processor Information structure as dmidecode decodes it', () => {
    const table = gigabyteTable();
    const [d] = dmidecodeTable(table).filter((r) => r.type === 4);
    const [row] = cpuInfoRows(table);
    assert.equal(row?.socket_designation, d?.fields.get('Socket Designation'));
    assert.equal(row?.manufacturer, d?.fields.get('Manufacturer'));
    assert.equal(row?.model, d?.fields.get('Version'));
    assert.equal(`${row?.max_clock_speed} MHz`, d?.fields.get('Max Speed'));
    assert.equal(`${row?.current_clock_speed} MHz`, d?.fields.get('Current Speed'));
    assert.equal(d?.fields.get('Status'), 'Populated, Enabled');
    assert.deepEqual(row, {
      device_id: 'CPU0',
      model: 'AMD Athlon(tm) II X2 240 Processor',
      manufacturer: 'AMD',
      processor_type: '3',
      cpu_status: 0x41,
      socket_designation: 'Socket M2',
      current_clock_speed: 2800,
      max_clock_speed: 3200,
      // An SMBIOS 2.4 structure (35 bytes) ends before core counts and characteristics.
      number_of_cores: null,
      logical_processors: null,
      address_width: null,
    });
  });

  it('returns no rows without a DMI table', () => {
    assert.deepEqual(cpuInfoRows(undefined), []);
  });
});
