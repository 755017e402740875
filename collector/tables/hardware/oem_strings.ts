/** `oem_strings`: the strings of SMBIOS type 11 OEM Strings structures (osquery genSMBIOSOEMStrings). */
import type { Row } from '../../engine/spec.js';
import { dmiString, hexString, readDmiTable, SmbiosFields, structuresOfType } from './smbios.js';

const OEM_STRINGS = 11;
/** Structures shorter than the string count are skipped. */
const MIN_LENGTH = 0x05;

export function oemStringRows(table: Buffer | undefined): Row[] {
  const rows: Row[] = [];
  for (const s of structuresOfType(OEM_STRINGS, table)) {
    if (s.length < MIN_LENGTH) continue;
    const count = new SmbiosFields(s).byte(0x04) ?? 0;
    for (let number = 1; number <= count; number++) {
      rows.push({ handle: hexString(s.handle), number, value: dmiString(s, number) });
    }
  }
  return rows;
}

export function genOemStrings(): Row[] {
  return oemStringRows(readDmiTable());
}
