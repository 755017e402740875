/** `memory_error_info`: SMBIOS type 18 32-bit Memory Error Information (osquery genSMBIOSMemoryErrorInfo). */
import type { Row } from '../../engine/spec.js';
import { hexString, readDmiTable, SmbiosFields, structuresOfType } from './smbios.js';
import { MEMORY_ERROR_GRANULARITIES, MEMORY_ERROR_OPERATIONS, MEMORY_ERROR_TYPES } from './smbios_names.js';

const MEMORY_ERROR_INFORMATION = 18;
/** Structures shorter than the whole SMBIOS 2.1 structure are skipped. */
const MIN_LENGTH = 0x17;
/** The spec's "unknown" value of the address and resolution dwords. */
const UNKNOWN = 0x80000000;

export function memoryErrorInfoRows(table: Buffer | undefined): Row[] {
  const rows: Row[] = [];
  for (const s of structuresOfType(MEMORY_ERROR_INFORMATION, table)) {
    if (s.length < MIN_LENGTH) continue;
    const f = new SmbiosFields(s);
    const dwordUnless = (offset: number, missing: number): string | null => {
      const v = f.dword(offset);
      return v === undefined || v === missing ? null : hexString(v, 8);
    };
    rows.push({
      handle: hexString(s.handle),
      error_type: MEMORY_ERROR_TYPES.get(f.byte(0x04) ?? 0) ?? null,
      error_granularity: MEMORY_ERROR_GRANULARITIES.get(f.byte(0x05) ?? 0) ?? null,
      error_operation: MEMORY_ERROR_OPERATIONS.get(f.byte(0x06) ?? 0) ?? null,
      vendor_syndrome: dwordUnless(0x07, 0),
      memory_array_error_address: dwordUnless(0x0b, UNKNOWN),
      device_error_address: dwordUnless(0x0f, UNKNOWN),
      error_resolution: dwordUnless(0x13, UNKNOWN),
    });
  }
  return rows;
}

export function genMemoryErrorInfo(): Row[] {
  return memoryErrorInfoRows(readDmiTable());
}
