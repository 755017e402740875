/** `memory_devices`: SMBIOS type 17 Memory Device structures (osquery genSMBIOSMemoryDevices). */
import type { Row } from '../../engine/spec.js';
import { bitFieldNames, hexString, readDmiTable, SmbiosFields, structuresOfType } from './smbios.js';
import { MEMORY_FORM_FACTORS, MEMORY_TYPE_DETAILS, MEMORY_TYPES } from './smbios_names.js';

const MEMORY_DEVICE = 17;
/** Structures shorter than the SMBIOS 2.1 fields (through Type Detail) are skipped. */
const MIN_LENGTH = 0x15;

export function memoryDeviceRows(table: Buffer | undefined): Row[] {
  const rows: Row[] = [];
  for (const s of structuresOfType(MEMORY_DEVICE, table)) {
    if (s.length < MIN_LENGTH) continue;
    const f = new SmbiosFields(s);
    const sizeWord = f.word(0x0c);
    const speed = (offset: number): number | null => {
      const v = f.word(offset);
      return v === undefined || v === 0 || v === 0xffff ? null : v;
    };
    const volts = (offset: number): number | null => {
      const v = f.word(offset);
      return v === undefined || v === 0 ? null : v;
    };
    const width = (offset: number): number | null => {
      const v = f.word(offset);
      return v === undefined || v === 0xffff ? null : v;
    };
    const set = f.byte(0x0f);
    const details = f.word(0x13);
    rows.push({
      handle: hexString(s.handle),
      array_handle: hexString(f.word(0x04) ?? 0),
      form_factor: MEMORY_FORM_FACTORS.get(f.byte(0x0e) ?? 0) ?? null,
      total_width: width(0x08),
      data_width: width(0x0a),
      // 0x7FFF means "see Extended Size" (a dword at 0x1C, in MB).
      size:
        sizeWord === undefined || sizeWord === 0xffff ? null : sizeWord === 0x7fff ? (f.dword(0x1c) ?? null) : sizeWord,
      set: set === undefined || set === 0xff ? null : set,
      device_locator: f.string(0x10),
      bank_locator: f.string(0x11),
      memory_type: MEMORY_TYPES.get(f.byte(0x12) ?? 0) ?? null,
      memory_type_details: details === undefined ? '' : bitFieldNames(details, MEMORY_TYPE_DETAILS),
      max_speed: speed(0x15),
      configured_clock_speed: speed(0x20),
      manufacturer: f.string(0x17),
      serial_number: f.string(0x18),
      asset_tag: f.string(0x19),
      part_number: f.string(0x1a),
      min_voltage: volts(0x22),
      max_voltage: volts(0x24),
      configured_voltage: volts(0x26),
    });
  }
  return rows;
}

export function genMemoryDevices(): Row[] {
  return memoryDeviceRows(readDmiTable());
}
