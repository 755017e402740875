/** `memory_device_mapped_addresses`: SMBIOS type 20 structures (osquery genSMBIOSMemoryDeviceMappedAddresses). */
import type { Row } from '../../engine/spec.js';
import { addressRange } from './memory_array_mapped_addresses.js';
import { hexString, readDmiTable, SmbiosFields, structuresOfType } from './smbios.js';

const MEMORY_DEVICE_MAPPED_ADDRESS = 20;
/** Structures shorter than the SMBIOS 2.1 fields are skipped. */
const MIN_LENGTH = 0x13;

export function memoryDeviceMappedAddressRows(table: Buffer | undefined): Row[] {
  const rows: Row[] = [];
  for (const s of structuresOfType(MEMORY_DEVICE_MAPPED_ADDRESS, table)) {
    if (s.length < MIN_LENGTH) continue;
    const f = new SmbiosFields(s);
    const range = addressRange(f, 0x04, 0x13);
    rows.push({
      handle: hexString(s.handle),
      memory_device_handle: hexString(f.word(0x0c) ?? 0),
      memory_array_mapped_address_handle: hexString(f.word(0x0e) ?? 0),
      starting_address: range.start,
      ending_address: range.end,
      partition_row_position: f.byte(0x10) ?? null,
      interleave_position: f.byte(0x11) ?? null,
      interleave_data_depth: f.byte(0x12) ?? null,
    });
  }
  return rows;
}

export function genMemoryDeviceMappedAddresses(): Row[] {
  return memoryDeviceMappedAddressRows(readDmiTable());
}
