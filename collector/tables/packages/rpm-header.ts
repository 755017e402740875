/**
 * RPM header blobs as rpmdb stores them (the headerExport() format without the 8-byte magic): a big-endian index
 * count and data length, index entries of {tag, type, offset, count}, then the data store. Only the tags
 * rpm_packages reports are decoded.
 */
export const RPMTAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  INSTALLTIME: 1008,
  SIZE: 1009,
  VENDOR: 1011,
  GROUP: 1016,
  ARCH: 1022,
  SOURCERPM: 1044,
  SHA1HEADER: 269,
  LONGSIZE: 5009,
} as const;

const TYPE_INT32 = 4;
const TYPE_INT64 = 5;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;

export type HeaderValue = string | number;

/** Decodes the wanted tags of one header; throws a RangeError-like Error on a truncated or inconsistent blob. */
export function parseHeaderBlob(blob: Buffer, wanted: ReadonlySet<number>): Map<number, HeaderValue> {
  if (blob.length < 8) throw new Error('header blob shorter than its preamble');
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  const dataStart = 8 + il * 16;
  if (il > 0xffff || dataStart + dl > blob.length)
    throw new Error(`header blob of ${blob.length} bytes claims ${il} tags and ${dl} data bytes`);
  const data = blob.subarray(dataStart, dataStart + dl);
  const out = new Map<number, HeaderValue>();
  for (let i = 0; i < il; i++) {
    const entry = 8 + i * 16;
    const tag = blob.readUInt32BE(entry);
    if (!wanted.has(tag)) continue;
    const value = decode(data, blob.readUInt32BE(entry + 4), blob.readInt32BE(entry + 8));
    if (value !== undefined) out.set(tag, value);
  }
  return out;
}

function decode(data: Buffer, type: number, offset: number): HeaderValue | undefined {
  if (offset < 0 || offset >= data.length) return undefined;
  switch (type) {
    case TYPE_INT32:
      return offset + 4 <= data.length ? data.readUInt32BE(offset) : undefined;
    case TYPE_INT64:
      return offset + 8 <= data.length ? Number(data.readBigUInt64BE(offset)) : undefined;
    case TYPE_STRING:
    case TYPE_STRING_ARRAY:
    case TYPE_I18NSTRING: {
      // The first string (the C locale one for I18NSTRING), NUL-terminated.
      const end = data.indexOf(0, offset);
      return data.toString('utf8', offset, end < 0 ? data.length : end);
    }
    default:
      return undefined;
  }
}
