/**
 * `extended_attributes` (osquery's Linux genXattr): the extended attributes of the files a query names by `path`
 * (= or LIKE) or `directory` (its entries; osquery's Linux build ignores `directory`), read with listxattr(2) /
 * getxattr(2) through the native addon, in key order. A value is text (base64 = 0) only when it is printable
 * characters ending in exactly one NUL, which is dropped; anything else, including an empty value, is base64.
 * osquery decodes security.capability with libcap ("cap_net_raw=ep"); here it is reported raw (base64).
 */
import { createRequire } from 'node:module';
import type { QueryContext, Row } from '../../engine/spec.js';
import { ADDON_PATH } from '../../engine/native.js';
import { targetPaths } from '../utility/file-targets.js';

interface XattrAddon {
  xattrList(path: string): string[];
  xattrGet(path: string, name: string): Buffer;
}

let addon: XattrAddon | undefined;
function native(): XattrAddon {
  addon ??= createRequire(import.meta.url)(ADDON_PATH) as XattrAddon;
  return addon;
}

const isPrint = (byte: number): boolean => byte >= 0x20 && byte <= 0x7e;

/** osquery's rule: printable up to a NUL that is the last byte. */
export function xattrValue(raw: Buffer): { value: string; base64: number } {
  const firstOther = raw.findIndex((b) => !isPrint(b));
  const printable = firstOther === raw.length - 1 && raw[firstOther] === 0;
  if (printable) return { value: raw.toString('latin1', 0, raw.length - 1), base64: 0 };
  return { value: raw.toString('base64'), base64: 1 };
}

export function xattrRows(path: string, directory: string, read: XattrAddon = native()): Row[] {
  let names: string[];
  try {
    names = read.xattrList(path).sort();
  } catch {
    return []; // gone, unreadable, or a filesystem without xattrs
  }
  const rows: Row[] = [];
  for (const key of names) {
    let raw: Buffer;
    try {
      raw = read.xattrGet(path, key);
    } catch {
      continue; // removed between list and get
    }
    rows.push({ path, directory, key, ...xattrValue(raw) });
  }
  return rows;
}

export function genExtendedAttributes(ctx: QueryContext): Row[] {
  return targetPaths(ctx).flatMap(({ path, directory }) => xattrRows(path, directory));
}
