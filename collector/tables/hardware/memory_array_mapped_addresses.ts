/** `memory_array_mapped_addresses`: SMBIOS type 19 structures (osquery genSMBIOSMemoryArrayMappedAddresses). */
import type { Row } from '../../engine/spec.js';
import { hexString, readDmiTable, SmbiosFields, structuresOfType } from './smbios.js';

const MEMORY_ARRAY_MAPPED_ADDRESS = 19;
/** Structures shorter than the SMBIOS 2.1 fields are skipped. */
const MIN_LENGTH = 0x0f;

/** Start/end in kB: the dwords at `at`, or (start = 0xFFFFFFFF) the extended qwords at `extendedAt`. */
export function addressRange(
  f: SmbiosFields,
  at: number,
  extendedAt: number,
): { start: string | null; end: string | null } {
  const start = f.dword(at);
  if (start !== undefined && start !== 0xffffffff)
    return { start: hexString(start, 8), end: hexString(f.dword(at + 4) ?? 0, 8) };
  const xStart = f.qword(extendedAt);
  const xEnd = f.qword(extendedAt + 8);
  return {
    start: xStart === undefined ? null : hexString(xStart, 12),
    end: xEnd === undefined ? null : hexString(xEnd, 12),
  };
}

export function memoryArrayMappedAddressRows(table: Buffer | undefined): Row[] {
  const rows: Row[] = [];
  for (const s of structuresOfType(MEMORY_ARRAY_MAPPED_ADDRESS, table)) {
    if (s.length < MIN_LENGTH) continue;
    const f = new SmbiosFields(s);
    const range = addressRange(f, 0x04, 0x0f);
    rows.push({
      handle: hexString(s.handle),
      memory_array_handle: hexString(f.word(0x0c) ?? 0),
      starting_address: range.start,
      ending_address: range.end,
      partition_width: f.byte(0x0e) ?? null,
    });
  }
  return rows;
}

export function genMemoryArrayMappedAddresses(): Row[] {
  return memoryArrayMappedAddressRows(readDmiTable());
}
