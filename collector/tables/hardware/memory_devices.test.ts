import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dmidecodeTable, gigabyteTable } from '../../../test/helpers/dmidecode.js';
import { memoryDeviceRows } from './memory_devices.js';

describe('memory_devices', () => {
  it('decodes every type 17 structure as dmidecode does', () => {
    const table = gigabyteTable();
    const rows = memoryDeviceRows(table);
    const decoded = dmidecodeTable(table).filter((d) => d.type === 17);
    assert.equal(rows.length, 4);
    rows.forEach((row, i) => {
      const d = decoded[i]?.fields;
      assert.ok(d);
      assert.equal(row.array_handle, d.get('Array Handle')?.toLowerCase());
      assert.equal(`${row.total_width} bits`, d.get('Total Width'));
      assert.equal(`${row.data_width} bits`, d.get('Data Width'));
      assert.equal(row.size === 0 ? 'No Module Installed' : `${Number(row.size) / 1024} GB`, d.get('Size'));
      assert.equal(row.form_factor, d.get('Form Factor'));
      assert.equal(row.device_locator, d.get('Locator'));
      assert.equal(row.bank_locator, d.get('Bank Locator'));
      assert.equal(row.memory_type, d.get('Type'));
      assert.equal(row.max_speed, 1066);
      // SMBIOS 2.4 structures end before the configured speed and voltages.
      assert.equal(row.configured_clock_speed, null);
      assert.equal(row.configured_voltage, null);
    });
    assert.deepEqual(rows[2], {
      handle: '0x0027',
      array_handle: '0x0024',
      form_factor: 'DIMM',
      total_width: 64,
      data_width: 64,
      size: 1024,
      set: 0,
      device_locator: 'A2',
      bank_locator: 'Bank4/5',
      memory_type: 'Unknown',
      memory_type_details: '',
      max_speed: 1066,
      configured_clock_speed: null,
      manufacturer: '',
      serial_number: '',
      asset_tag: '',
      part_number: '',
      min_voltage: null,
      max_voltage: null,
      configured_voltage: null,
    });
  });

  it('returns no rows without a DMI table', () => {
    assert.deepEqual(memoryDeviceRows(undefined), []);
  });
});
