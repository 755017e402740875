/**
 * EFI_SIGNATURE_LIST parsing (UEFI spec 32.4.1), the format of the db, dbx, KEK and PK variables: a sequence of
 * lists, each a 28-byte header (SignatureType GUID, SignatureListSize, SignatureHeaderSize, SignatureSize, all
 * little-endian) and SignatureHeaderSize opaque bytes, then EFI_SIGNATURE_DATA entries of SignatureSize bytes: a
 * 16-byte owner GUID and the signature (a DER certificate, a SHA-256 digest, …). A list whose size runs past the
 * data ends the walk, as in osquery; a malformed list within bounds is skipped.
 */

export const EFI_CERT_X509_GUID = 'a5c059a1-94e4-4aa7-87b5-ab155c2bf072';
export const EFI_CERT_SHA256_GUID = 'c1c41626-504c-4092-aca9-41f936934328';

const LIST_HEADER_BYTES = 28;
const GUID_BYTES = 16;

export interface EfiSignature {
  /** SignatureType of the list holding the entry, as a lower-case GUID string. */
  readonly type: string;
  readonly owner: string;
  readonly data: Buffer;
}

/** An EFI_GUID as text: the first three fields are little-endian, the last 8 bytes in order. */
export function guidText(bytes: Buffer, offset = 0): string {
  const hex = (start: number, end: number): string => bytes.subarray(offset + start, offset + end).toString('hex');
  const le = (start: number, end: number): string =>
    Buffer.from(bytes.subarray(offset + start, offset + end))
      .reverse()
      .toString('hex');
  return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${hex(8, 10)}-${hex(10, 16)}`;
}

/** The EFI_GUID bytes of a GUID string (inverse of guidText). */
export function guidBytes(text: string): Buffer {
  const [a = '', b = '', c = '', d = '', e = ''] = text.split('-');
  const le = (h: string): Buffer => Buffer.from(h, 'hex').reverse();
  return Buffer.concat([le(a), le(b), le(c), Buffer.from(d + e, 'hex')]);
}

/** Every EFI_SIGNATURE_DATA in a concatenation of EFI_SIGNATURE_LISTs (variable data without attribute bytes). */
export function efiSignatures(data: Buffer): EfiSignature[] {
  const out: EfiSignature[] = [];
  for (let head = 0; head + LIST_HEADER_BYTES <= data.length;) {
    const listSize = data.readUInt32LE(head + 16);
    const headerSize = data.readUInt32LE(head + 20);
    const entrySize = data.readUInt32LE(head + 24);
    if (listSize === 0 || head + listSize > data.length) break;
    const end = head + listSize;
    const first = head + LIST_HEADER_BYTES + headerSize;
    if (entrySize > GUID_BYTES && first <= end) {
      const type = guidText(data, head);
      for (let at = first; at + entrySize <= end; at += entrySize) {
        out.push({ type, owner: guidText(data, at), data: data.subarray(at + GUID_BYTES, at + entrySize) });
      }
    }
    head = end;
  }
  return out;
}

/** One EFI_SIGNATURE_LIST of entries of equal size (as firmware and efitools build them). */
export function buildSignatureList(type: string, owner: string, entries: readonly Buffer[]): Buffer {
  const entrySize = GUID_BYTES + (entries[0]?.length ?? 0);
  const header = Buffer.alloc(LIST_HEADER_BYTES);
  guidBytes(type).copy(header, 0);
  header.writeUInt32LE(LIST_HEADER_BYTES + entrySize * entries.length, 16);
  header.writeUInt32LE(0, 20);
  header.writeUInt32LE(entrySize, 24);
  return Buffer.concat([header, ...entries.flatMap((e) => [guidBytes(owner), e])]);
}
