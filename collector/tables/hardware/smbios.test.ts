import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dmidecodeLive, dmidecodeTable, gigabyteTable } from '../../../test/helpers/dmidecode.js';
import { dmiString, readDmiTable, smbiosStructures } from './smbios.js';

describe('SMBIOS structure walker', () => {
  it('finds the structures dmidecode finds in the fixture table, with their types, handles and lengths', () => {
    const table = gigabyteTable();
    const ours = smbiosStructures(table).map((s) => [s.handle, s.type, s.length]);
    const theirs = dmidecodeTable(table).map((r) => [r.handle, r.type, r.length]);
    assert.equal(ours.length, 54);
    assert.deepEqual(ours, theirs);
  });

  it('reads numbered strings as osquery does: 0 is none, trailing blanks trimmed, a missing number is empty', () => {
    const [processor] = smbiosStructures(gigabyteTable()).filter((s) => s.type === 4);
    assert.ok(processor);
    assert.equal(dmiString(processor, 1), 'Socket M2');
    assert.equal(dmiString(processor, 3), 'AMD Athlon(tm) II X2 240 Processor');
    assert.equal(dmiString(processor, 4), ''); // Award's " " placeholder, trimmed
    assert.equal(dmiString(processor, 0), '');
    assert.equal(dmiString(processor, 9), '');
  });

  it('agrees with dmidecode on this machine, or finds no table where dmidecode finds none', () => {
    const live = dmidecodeLive();
    const table = readDmiTable();
    if (live === undefined) {
      assert.equal(table, undefined);
      return;
    }
    assert.ok(table);
    assert.deepEqual(
      smbiosStructures(table).map((s) => s.handle),
      live.map((r) => r.handle),
    );
  });
});
