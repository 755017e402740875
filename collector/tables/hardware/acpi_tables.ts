/**
 * `acpi_tables` (osquery's Linux genACPITables): the firmware's ACPI tables the kernel exposes as files in
 * /sys/firmware/acpi/tables. Like osquery, only the files directly in that directory are listed (the `data/` and
 * `dynamic/` subdirectories are not files there); an unreadable table has size -1 and no MD5.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Row } from '../../engine/spec.js';
import { entries } from './sysfs.js';

export const ACPI_TABLES_DIR = '/sys/firmware/acpi/tables';

export function acpiTableRows(dir: string = ACPI_TABLES_DIR): Row[] {
  const rows: Row[] = [];
  for (const name of entries(dir)) {
    const path = join(dir, name);
    try {
      if (!statSync(path).isFile()) continue;
    } catch {
      continue;
    }
    try {
      const content = readFileSync(path);
      rows.push({ name, size: content.length, md5: createHash('md5').update(content).digest('hex') });
    } catch {
      rows.push({ name, size: -1, md5: null });
    }
  }
  return rows;
}

export function genAcpiTables(): Row[] {
  return acpiTableRows();
}
