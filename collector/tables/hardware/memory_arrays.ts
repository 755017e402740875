/** `memory_arrays`: SMBIOS type 16 Physical Memory Array structures (osquery genSMBIOSMemoryArrays). */
import type { Row } from '../../engine/spec.js';
import { hexString, readDmiTable, SmbiosFields, structuresOfType } from './smbios.js';
import { ARRAY_ERROR_CORRECTIONS, ARRAY_LOCATIONS, ARRAY_USES } from './smbios_names.js';

const PHYSICAL_MEMORY_ARRAY = 16;
/** Structures shorter than the SMBIOS 2.1 fields are skipped. */
const MIN_LENGTH = 0x0f;

export function memoryArrayRows(table: Buffer | undefined): Row[] {
  const rows: Row[] = [];
  for (const s of structuresOfType(PHYSICAL_MEMORY_ARRAY, table)) {
    if (s.length < MIN_LENGTH) continue;
    const f = new SmbiosFields(s);
    const capacityKb = f.dword(0x07) ?? 0;
    const extendedBytes = f.qword(0x0f);
    const errorHandle = f.word(0x0b);
    rows.push({
      handle: hexString(s.handle),
      location: ARRAY_LOCATIONS.get(f.byte(0x04) ?? 0) ?? null,
      use: ARRAY_USES.get(f.byte(0x05) ?? 0) ?? null,
      memory_error_correction: ARRAY_ERROR_CORRECTIONS.get(f.byte(0x06) ?? 0) ?? null,
      // osquery reports GB: kB / 2^20, or the Extended Maximum Capacity (bytes) / 2^30 when the dword says so.
      max_capacity:
        capacityKb >= 0x80000000
          ? extendedBytes === undefined
            ? null
            : Number(extendedBytes / 1073741824n)
          : Math.floor(capacityKb / 1048576),
      memory_error_info_handle:
        errorHandle === undefined || errorHandle === 0xfffe || errorHandle === 0xffff ? null : hexString(errorHandle),
      number_memory_devices: f.word(0x0d) ?? null,
    });
  }
  return rows;
}

export function genMemoryArrays(): Row[] {
  return memoryArrayRows(readDmiTable());
}
