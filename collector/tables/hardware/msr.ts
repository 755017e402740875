/**
 * `msr` (osquery genModelSpecificRegister): per CPU with an msr device (/dev/cpu/N/msr, the msr module, root),
 * nine registers read with pread at the register number, masked as osquery does; a register the CPU lacks (a
 * short read / EIO) leaves its column NULL. Values are osquery's signed 64-bit BIGINTs.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Row } from '../../engine/spec.js';
import { entries } from './sysfs.js';

export const CPU_DEV_DIR = '/dev/cpu';
const ALL = 0xffffffffffffffffn;

/** [column, register (uapi/asm/msr-index.h), mask, is a flag]. */
const FIELDS: ReadonlyArray<[string, number, bigint, boolean]> = [
  ['turbo_disabled', 0x1a0, 1n << 38n, true], // MSR_IA32_MISC_ENABLE, TURBO_DISABLE bit
  ['turbo_ratio_limit', 0x1ad, ALL, false],
  ['platform_info', 0xce, ALL, false],
  ['perf_status', 0x198, ALL, false],
  ['perf_ctl', 0x199, 0xffffn, false],
  ['feature_control', 0x3a, ALL, false],
  ['rapl_power_limit', 0x610, ALL, false],
  ['rapl_energy_status', 0x611, ALL, false],
  ['rapl_power_units', 0x606, ALL, false],
];

function readRegisters(path: string, cpu: number): Row | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined; // no msr module, or not root
  }
  const row: Row = { processor_number: cpu };
  const buf = Buffer.alloc(8);
  try {
    for (const [column, register, mask, flag] of FIELDS) {
      let n = 0;
      try {
        n = readSync(fd, buf, 0, 8, register);
      } catch {
        // EIO: the CPU has no such register
      }
      if (n !== 8) continue;
      const value = buf.readBigUInt64LE(0) & mask;
      row[column] = flag ? (value !== 0n ? 1 : 0) : BigInt.asIntN(64, value);
    }
  } finally {
    closeSync(fd);
  }
  return row;
}

export function msrRows(cpuDir: string = CPU_DEV_DIR): Row[] {
  const rows: Row[] = [];
  const cpus = entries(cpuDir)
    .filter((e) => /^\d/.test(e))
    .map(Number)
    .sort((a, b) => a - b);
  for (const cpu of cpus) {
    const row = readRegisters(join(cpuDir, String(cpu), 'msr'), cpu);
    if (row !== undefined) rows.push(row);
  }
  return rows;
}

export function genMsr(): Row[] {
  return msrRows();
}
