/**
 * Reads one member of a ZIP archive (a .jar) without unpacking the rest: the end-of-central-directory record gives
 * the central directory, whose entries give each member's name, method and local header offset; the member is
 * stored (method 0) or deflated (method 8). ZIP64 and encrypted archives are not read (null).
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** The bytes of `member` in the archive at `path`; null when the archive cannot be read or lacks the member. */
export function readZipMember(path: string, member: string): Buffer | null {
  let zip: Buffer;
  try {
    zip = readFileSync(path);
  } catch {
    return null;
  }
  return zipMember(zip, member);
}

export function zipMember(zip: Buffer, member: string): Buffer | null {
  const eocd = findEndOfCentralDirectory(zip);
  if (eocd < 0) return null;
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count && offset + 46 <= zip.length; i++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_SIGNATURE) return null;
    const flags = zip.readUInt16LE(offset + 8);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (name === member) return (flags & 1) === 0 ? memberData(zip, localOffset, method, compressedSize) : null;
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - EOCD_MIN_SIZE - MAX_COMMENT);
  for (let i = zip.length - EOCD_MIN_SIZE; i >= lowest; i--) {
    if (zip.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  }
  return -1;
}

function memberData(zip: Buffer, localOffset: number, method: number, size: number): Buffer | null {
  if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) return null;
  const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
  const data = zip.subarray(start, start + size);
  try {
    if (method === 0) return Buffer.from(data);
    if (method === 8) return inflateRawSync(data);
  } catch {
    return null;
  }
  return null;
}
