/**
 * `secureboot` (osquery's Linux genSecureBoot): the SecureBoot and SetupMode UEFI variables from efivarfs, whose
 * files hold 4 attribute bytes and then the value. A machine not booted through UEFI has no row; an unreadable or
 * absent variable leaves its column NULL; a value other than 0/1 is -1, as in osquery.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Row } from '../../engine/spec.js';

export const EFI_DIR = '/sys/firmware/efi';
/** EFI_GLOBAL_VARIABLE, the vendor GUID of SecureBoot and SetupMode. */
const GLOBAL_GUID = '8be4df61-93ca-11d2-aa0d-00e098032b8c';

function readFirstBytes(path: string, count: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.alloc(count);
    return buf.subarray(0, readSync(fd, buf, 0, count, 0));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function booleanVariable(efiDir: string, name: string): number | null {
  const data = readFirstBytes(join(efiDir, 'efivars', `${name}-${GLOBAL_GUID}`), 5);
  if (data === undefined || data.length !== 5) return null;
  const value = data[4] as number;
  return value === 0 || value === 1 ? value : -1;
}

export function secureBootRows(efiDir: string = EFI_DIR): Row[] {
  if (!existsSync(efiDir)) return [];
  return [{ secure_boot: booleanVariable(efiDir, 'SecureBoot'), setup_mode: booleanVariable(efiDir, 'SetupMode') }];
}

export function genSecureBoot(): Row[] {
  return secureBootRows();
}
