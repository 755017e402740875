/** `platform_info`: the SMBIOS type 0 BIOS Information structure (osquery's Linux genPlatformInfo). */
import { existsSync } from 'node:fs';
import type { Row } from '../../engine/spec.js';
import { hexString, readDmiTable, SmbiosFields, structuresOfType } from './smbios.js';

const BIOS_INFORMATION = 0;
/** Structures shorter than the SMBIOS 2.0 fields are skipped. */
const MIN_LENGTH = 0x12;

/** osquery's getFirmwareKind on Linux: an EFI boot leaves /sys/firmware/efi. */
export function firmwareType(efiDir = '/sys/firmware/efi'): string {
  return existsSync(efiDir) ? 'uefi' : 'bios';
}

export function platformInfoRows(table: Buffer | undefined, firmware = firmwareType()): Row[] {
  const rows: Row[] = [];
  for (const s of structuresOfType(BIOS_INFORMATION, table)) {
    if (s.length < MIN_LENGTH) continue;
    const f = new SmbiosFields(s);
    const major = f.byte(0x14);
    const minor = f.byte(0x15);
    rows.push({
      vendor: f.string(0x04),
      version: f.string(0x05),
      date: f.string(0x08),
      revision: major === undefined || minor === undefined ? '' : `${major}.${minor}`,
      extra: '',
      firmware_type: firmware,
      // Starting segment of the BIOS image; its ROM size is counted in 64 kB blocks, minus one.
      address: hexString(f.word(0x06) ?? 0),
      size: String(((f.byte(0x09) ?? 0) + 1) * 64 * 1024),
      volume_size: 0,
    });
  }
  return rows;
}

export function genPlatformInfo(): Row[] {
  return platformInfoRows(readDmiTable());
}
