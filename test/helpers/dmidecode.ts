/**
 * dmidecode as the independent decoder of an SMBIOS table: the hardware tests decode the same bytes with it
 * (`--from-dump`, the `--dump-bin` layout: entry point, then the table at offset 0x20) and compare field by field.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../common/paths.js';
import { requireCommand } from './system-tools.js';

export interface DmiRecord {
  handle: number;
  type: number;
  length: number;
  title: string;
  fields: Map<string, string>;
}

export const GIGABYTE_DIR = fromRoot('collector/tables/hardware/fixtures');

/** The Gigabyte GA-MA74GMT-S2 table (see the fixtures' PROVENANCE.md). */
export function gigabyteTable(): Buffer {
  return readFileSync(join(GIGABYTE_DIR, 'gigabyte-ma74gmt.DMI'));
}

/** Decodes `table` (with an SMBIOS 2.4 entry point, or the one given) with `dmidecode --from-dump`. */
export function dmidecodeTable(table: Buffer, entryPoint?: Buffer): DmiRecord[] {
  const dmidecode = requireCommand('dmidecode', 'dmidecode');
  const ep = Buffer.alloc(0x20);
  (entryPoint ?? readFileSync(join(GIGABYTE_DIR, 'gigabyte-ma74gmt.smbios_entry_point'))).copy(ep);
  if (entryPoint === undefined) rewriteLegacyEntryPoint(ep, table);
  const dir = mkdtempSync(join(tmpdir(), 'osprey-dmi-'));
  try {
    const dump = join(dir, 'dump.bin');
    writeFileSync(dump, Buffer.concat([ep, table]));
    return parseDmidecode(execFileSync(dmidecode, ['--from-dump', dump], { encoding: 'latin1' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Points an SMBIOS 2.x entry point at a table of another length and structure count, with fresh checksums. */
function rewriteLegacyEntryPoint(ep: Buffer, table: Buffer): void {
  let count = 0;
  for (let at = 0; at + 4 <= table.length; count++) {
    let next = at + (table[at + 1] as number);
    while (next + 1 < table.length && !(table[next] === 0 && table[next + 1] === 0)) next++;
    at = next + 2;
  }
  ep.writeUInt16LE(table.length, 22);
  ep.writeUInt16LE(count, 28);
  const sum = (from: number, to: number): number => ep.subarray(from, to).reduce((a, x) => (a + x) & 0xff, 0);
  ep[21] = 0;
  ep[21] = (0x100 - sum(16, 31)) & 0xff;
  ep[4] = 0;
  ep[4] = (0x100 - sum(0, 31)) & 0xff;
}

/** `dmidecode` text output → one record per structure with its `Name: value` lines (lists keep their first line). */
export function parseDmidecode(text: string): DmiRecord[] {
  const records: DmiRecord[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n');
    const header = /^Handle 0x([0-9A-F]{4}), DMI type (\d+), (\d+) bytes$/.exec(lines[0] ?? '');
    if (header === null) continue;
    const fields = new Map<string, string>();
    for (const line of lines.slice(2)) {
      const field = /^\t([^\t:][^:]*): ?(.*)$/.exec(line);
      if (field !== null) fields.set(field[1] as string, field[2] as string);
    }
    records.push({
      handle: Number.parseInt(header[1] as string, 16),
      type: Number(header[2]),
      length: Number(header[3]),
      title: lines[1] ?? '',
      fields,
    });
  }
  return records;
}

/** The machine's own decoding, or undefined where it has no DMI table (dmidecode then finds no entry point). */
export function dmidecodeLive(): DmiRecord[] | undefined {
  const dmidecode = requireCommand('dmidecode', 'dmidecode');
  try {
    const records = parseDmidecode(
      execFileSync(dmidecode, [], { encoding: 'latin1', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
    return records.length > 0 ? records : undefined;
  } catch {
    return undefined;
  }
}

/** `table` with `extra` structures (formatted bytes + strings each) inserted before its End-of-Table structure. */
export function withStructures(table: Buffer, extra: Array<{ bytes: number[]; strings?: string[] }>): Buffer {
  const endAt = table.length - 6; // the 4-byte type 127 structure and its double NUL close the fixture
  const encoded = extra.map(({ bytes, strings = [] }) =>
    Buffer.concat([
      Buffer.from(bytes),
      Buffer.from(strings.length === 0 ? '\0\0' : `${strings.join('\0')}\0\0`, 'latin1'),
    ]),
  );
  return Buffer.concat([table.subarray(0, endAt), ...encoded, table.subarray(endAt)]);
}
