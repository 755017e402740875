/**
 * `kernel_keys` (osquery genKernelKeys): the keys and keyrings /proc/keys shows the reader (those it may view).
 * Parsed exactly as osquery does: a line is split on blanks and kept only with 10 fields, the description being
 * fields 9 and 10 joined without a blank ("_uid.0:" + "empty"), so keys whose description has blanks are left out.
 */
import { readFileSync } from 'node:fs';
import type { Row } from '../../engine/spec.js';

export const PROC_KEYS = '/proc/keys';

export function kernelKeyRows(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ').filter((w) => w !== '');
    if (f.length !== 10) continue;
    rows.push({
      serial_number: f[0],
      flags: f[1],
      usage: Number(f[2]),
      timeout: f[3],
      permissions: f[4],
      uid: Number(f[5]),
      gid: Number(f[6]),
      type: f[7],
      description: `${f[8]}${f[9]}`,
    });
  }
  return rows;
}

export function genKernelKeys(): Row[] {
  try {
    return kernelKeyRows(readFileSync(PROC_KEYS, 'utf8'));
  } catch {
    return []; // kernels without CONFIG_KEYS_DEBUG_PROC_KEYS have no /proc/keys
  }
}
