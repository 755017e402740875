/**
 * `cpu_info`: SMBIOS type 4 Processor Information structures (osquery's Linux genCpuInfo over genSMBIOSProcessor).
 * `device_id` numbers the processors of a known type (CPU0, CPU1, MATH0...) in table order, as osquery does.
 */
import type { Row } from '../../engine/spec.js';
import { readDmiTable, SmbiosFields, structuresOfType } from './smbios.js';

const PROCESSOR_INFORMATION = 4;
/** Structures shorter than the SMBIOS 2.0 fields are skipped. */
const MIN_LENGTH = 0x1a;
const TYPE_PREFIX: ReadonlyMap<number, string> = new Map([
  [3, 'CPU'],
  [4, 'MATH'],
  [5, 'DSP'],
  [6, 'GPU'],
]);

export function cpuInfoRows(table: Buffer | undefined): Row[] {
  const rows: Row[] = [];
  let deviceNumber = 0;
  for (const s of structuresOfType(PROCESSOR_INFORMATION, table)) {
    if (s.length < MIN_LENGTH) continue;
    const f = new SmbiosFields(s);
    const type = f.byte(0x05);
    const prefix = TYPE_PREFIX.get(type ?? 0);
    const cores = f.byte(0x23);
    const characteristics = f.word(0x26);
    rows.push({
      device_id: prefix === undefined ? null : `${prefix}${deviceNumber++}`,
      model: f.string(0x10),
      manufacturer: f.string(0x07),
      processor_type: type === undefined ? null : String(type),
      cpu_status: f.byte(0x18) ?? null,
      number_of_cores: cores === undefined ? null : String(cores),
      logical_processors: f.byte(0x25) ?? null,
      // Processor Characteristics bit 2: 64-bit capable.
      address_width: characteristics === undefined ? null : (characteristics & 0b100) !== 0 ? '64' : '32',
      current_clock_speed: f.word(0x16) ?? null,
      max_clock_speed: f.word(0x14) ?? null,
      socket_designation: f.string(0x04),
    });
  }
  return rows;
}

export function genCpuInfo(): Row[] {
  return cpuInfoRows(readDmiTable());
}
