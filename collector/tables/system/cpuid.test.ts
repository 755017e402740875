import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import { genCpuid, rowsFromCpuid, rowsFromCpuinfo, type Registers } from './cpuid.js';
import { parseCpuinfo } from './cpuinfo.js';

/** CPUID answers of an Intel part, as the instruction returns them (vendor "GenuineIntel", brand string). */
function fakeCpu(eax: number, ecx = 0): Registers {
  const text = (s: string): number[] =>
    [0, 4, 8, 12].map((o) => Buffer.from(s.padEnd(16, '\0'), 'latin1').readUInt32LE(o));
  const brand = 'Intel(R) Xeon(R) CPU @ 2.50GHz'.padEnd(48, '\0');
  switch (eax) {
    case 0:
      return [
        0x16,
        Buffer.from('Genu').readUInt32LE(),
        Buffer.from('ntel').readUInt32LE(),
        Buffer.from('ineI').readUInt32LE(),
      ];
    case 1:
      return [0x50657, 0, (1 << 0) | (1 << 28), (1 << 25) | (1 << 26)];
    case 7:
      return ecx === 0 ? [0, 1 << 5, 0, 0] : [0, 0, 0, 0];
    case 0x80000002:
    case 0x80000003:
    case 0x80000004:
      return text(brand.slice((eax - 0x80000002) * 16, (eax - 0x80000002) * 16 + 16)) as Registers;
    default:
      return [0, 0, 0, 0];
  }
}

describe('cpuid', () => {
  it('builds osquery rows from raw registers', () => {
    const rows = new Map(rowsFromCpuid(fakeCpu).map((r) => [r.feature, r]));
    assert.equal(rows.get('vendor')?.value, 'GenuineIntel');
    assert.equal(rows.get('product_name')?.value, 'Intel(R) Xeon(R) CPU @ 2.50GHz');
    assert.equal(rows.get('family')?.value, '0600');
    assert.deepEqual([rows.get('sse')?.value, rows.get('avx')?.value, rows.get('avx2')?.value], ['1', '1', '1']);
    assert.deepEqual([rows.get('vmx')?.value, rows.get('svm')?.value], ['0', '0']);
    assert.deepEqual(rows.get('avx2'), {
      feature: 'avx2',
      value: '1',
      output_register: 'ebx',
      output_bit: 5,
      input_eax: '7',
    });
    assert.equal(rows.has('hypervisor_id'), false);
  });

  it('falls back to /proc/cpuinfo flags', () => {
    const [cpu] = parseCpuinfo(readFileSync(fromRoot('collector/tables/system/fixtures/cpuinfo.txt'), 'utf8'));
    const rows = new Map(rowsFromCpuinfo(cpu ?? new Map()).map((r) => [r.feature, r.value]));
    assert.equal(rows.get('vendor'), 'GenuineIntel');
    assert.equal(rows.get('family'), '0600');
    assert.deepEqual([rows.get('sse4.2'), rows.get('sha'), rows.get('mmz'), rows.get('pku')], ['1', '0', '1', '1']);
  });

  it('agrees with /proc/cpuinfo on this host for vendor and base features', () => {
    const rows = new Map(genCpuid(createQueryContext({ table: 'cpuid' })).map((r) => [r.feature, r.value]));
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    assert.equal(rows.get('vendor'), /^vendor_id\s*:\s*(\S+)/m.exec(cpuinfo)?.[1]);
    for (const [feature, flag] of [
      ['sse2', 'sse2'],
      ['sse4.2', 'sse4_2'],
      ['avx2', 'avx2'],
    ]) {
      const present = new RegExp(`^flags\\s*:.*\\b${flag}\\b`, 'm').test(cpuinfo);
      assert.equal(rows.get(feature as string), present ? '1' : '0', feature);
    }
    if (existsSync('/dev/cpu/0/cpuid')) assert.ok(rows.has('serial'));
  });
});
