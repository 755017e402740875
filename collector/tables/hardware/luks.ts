/**
 * LUKS header reader (cryptsetup's on-disk formats): version, UUID, cipher and mode, as libcryptsetup's
 * crypt_get_type / crypt_get_uuid / crypt_get_cipher / crypt_get_cipher_mode report them.
 * LUKS1: a 592-byte binary header (cipher name at 8, mode at 40, UUID at 168). LUKS2: a binary header whose JSON
 * area (from offset 4096, up to the header size) describes the data segments ("aes-xts-plain64").
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface LuksHeader {
  type: 'LUKS1' | 'LUKS2';
  uuid: string;
  cipher: string;
  mode: string;
}

const MAGIC = Buffer.from('LUKS\xba\xbe', 'latin1');
const cString = (buf: Buffer, at: number, length: number): string => {
  const field = buf.subarray(at, at + length);
  const nul = field.indexOf(0);
  return field.toString('latin1', 0, nul < 0 ? field.length : nul);
};

export function parseLuksHeader(buf: Buffer): LuksHeader | undefined {
  if (buf.length < 592 || !buf.subarray(0, 6).equals(MAGIC)) return undefined;
  const version = buf.readUInt16BE(6);
  if (version === 1) {
    return { type: 'LUKS1', cipher: cString(buf, 8, 32), mode: cString(buf, 40, 32), uuid: cString(buf, 168, 40) };
  }
  if (version !== 2) return undefined;
  const headerSize = Number(buf.readBigUInt64BE(8));
  const json = cString(buf, 4096, Math.max(0, Math.min(buf.length, headerSize) - 4096));
  let spec = '';
  try {
    const segments = (JSON.parse(json) as { segments?: Record<string, { type?: string; encryption?: string }> })
      .segments;
    spec = Object.values(segments ?? {}).find((s) => s.type === 'crypt')?.encryption ?? '';
  } catch {
    // a damaged JSON area: type and UUID are still known
  }
  const dash = spec.indexOf('-');
  return {
    type: 'LUKS2',
    uuid: cString(buf, 168, 40),
    cipher: dash < 0 ? spec : spec.slice(0, dash),
    mode: dash < 0 ? '' : spec.slice(dash + 1),
  };
}

/** Reads the header of a device or image (the first 16 KiB hold every LUKS2 JSON area cryptsetup writes by default). */
export function readLuksHeader(path: string, bytes = 16384): LuksHeader | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return parseLuksHeader(buf.subarray(0, n));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
