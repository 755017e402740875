/**
 * SMBIOS structure walker shared by the SMBIOS tables (osquery's SMBIOSParser, smbios_utils.cpp). The kernel exposes
 * the raw structure table as /sys/firmware/dmi/tables/DMI (root-only); osquery's fallbacks (EFI systab + /dev/mem)
 * are not used: a host without that file has no SMBIOS rows.
 *
 * Field reads follow osquery's offsets, with one deliberate difference: osquery reads fixed offsets even past a
 * structure's formatted length (into its strings), and skips structures (strings included) shorter than its last
 * field, so tables of SMBIOS < 2.7 lose rows or gain string bytes as numbers. Here fields past the formatted length
 * are NULL, as dmidecode treats them, and a structure is skipped only when it lacks its type's base fields. On
 * current tables (SMBIOS 2.7+) both give the same rows.
 */
import { readFileSync } from 'node:fs';

export const DMI_TABLE_PATH = '/sys/firmware/dmi/tables/DMI';

export interface SmbiosStructure {
  /** Position in the table (osquery's `number`). */
  readonly index: number;
  readonly type: number;
  /** Formatted length (header_size). */
  readonly length: number;
  readonly handle: number;
  /** Formatted area and strings, as far as osquery's walker counts them. */
  readonly bytes: Buffer;
}

/** The raw structure table, or undefined where the kernel exposes none (containers, VMs without DMI, non-root). */
export function readDmiTable(path: string = DMI_TABLE_PATH): Buffer | undefined {
  try {
    const table = readFileSync(path);
    return table.length > 0 ? table : undefined;
  } catch {
    return undefined;
  }
}

/** Walks the table exactly as osquery's SMBIOSParser::tables does (including its handling of a truncated end). */
export function smbiosStructures(table: Buffer): SmbiosStructure[] {
  const found: SmbiosStructure[] = [];
  const end = table.length;
  let at = 0;
  while (at + 4 <= end) {
    const length = table[at + 1] as number;
    const handle = table.readUInt16LE(at + 2);
    if (at + length > end) break;
    if (length === 0 && handle === 0) break; // NUL padding after the last structure
    let next = at + length;
    for (; next + 4 <= end; next++) {
      if (table[next] === 0 && table[next + 1] === 0) {
        next += 2;
        break;
      }
    }
    found.push({ index: found.length, type: table[at] as number, length, handle, bytes: table.subarray(at, next) });
    at = next;
  }
  return found;
}

/** Accessors for one structure's formatted fields; reads past the formatted length give undefined. */
export class SmbiosFields {
  constructor(readonly s: SmbiosStructure) {}

  has(offset: number, width: number): boolean {
    return offset + width <= this.s.length;
  }

  byte(offset: number): number | undefined {
    return this.has(offset, 1) ? (this.s.bytes[offset] as number) : undefined;
  }

  word(offset: number): number | undefined {
    return this.has(offset, 2) ? this.s.bytes.readUInt16LE(offset) : undefined;
  }

  dword(offset: number): number | undefined {
    return this.has(offset, 4) ? this.s.bytes.readUInt32LE(offset) : undefined;
  }

  qword(offset: number): bigint | undefined {
    return this.has(offset, 8) ? this.s.bytes.readBigUInt64LE(offset) : undefined;
  }

  /** osquery's dmiString: string number `index` of the structure's string set, right-trimmed; '' when invalid. */
  string(offset: number): string {
    const index = this.byte(offset);
    return index === undefined ? '' : dmiString(this.s, index);
  }
}

export function dmiString(s: SmbiosStructure, index: number): string {
  const text = s.bytes.subarray(s.length);
  // osquery's guards: string 0 means "none", and a string area not ending in NUL is corrupt.
  if (index === 0 || text.length === 0 || text[text.length - 1] !== 0) return '';
  let start = 0;
  for (let n = index; n > 1; n--) {
    const nul = text.indexOf(0, start);
    if (nul < 0 || nul + 1 > text.length - 1) return '';
    start = nul + 1;
  }
  const nul = text.indexOf(0, start);
  return text.toString('latin1', start, nul < 0 ? text.length : nul).trimEnd();
}

/** osquery's toHexStr: `0x` and at least `width` lower-case hex digits. */
export function hexString(value: number | bigint, width = 4): string {
  return `0x${value.toString(16).padStart(width, '0')}`;
}

/** Names of the set bits of a bit field, lowest first, space separated (osquery's dmiBitFieldToStr). */
export function bitFieldNames(bits: number, names: readonly string[]): string {
  return names.filter((_, i) => (bits & (1 << i)) !== 0).join(' ');
}

/** Structures of one type from the machine's table (none without DMI). */
export function structuresOfType(type: number, table: Buffer | undefined = readDmiTable()): SmbiosStructure[] {
  return table === undefined ? [] : smbiosStructures(table).filter((s) => s.type === type);
}
