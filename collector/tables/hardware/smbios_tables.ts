/** `smbios_tables`: one row per SMBIOS structure with its size and MD5 (osquery genSMBIOSTable). */
import { createHash } from 'node:crypto';
import type { Row } from '../../engine/spec.js';
import { readDmiTable, smbiosStructures } from './smbios.js';
import { TYPE_DESCRIPTIONS } from './smbios_names.js';

export function smbiosTableRows(table: Buffer | undefined): Row[] {
  if (table === undefined) return [];
  return smbiosStructures(table).map((s) => ({
    number: s.index,
    type: s.type,
    description: TYPE_DESCRIPTIONS.get(s.type) ?? 'Unknown',
    handle: s.handle,
    header_size: s.length,
    size: s.bytes.length,
    md5: createHash('md5').update(s.bytes).digest('hex'),
  }));
}

export function genSmbiosTables(): Row[] {
  return smbiosTableRows(readDmiTable());
}
