/**
 * A minimal DER reader for the parts of an X.509 certificate Node's X509Certificate does not expose: the
 * signature and public-key algorithm OIDs, the names as sequences of (OID, value) attributes, and the extensions.
 */

export interface DerNode {
  readonly tag: number;
  /** The content octets. */
  readonly value: Buffer;
  /** The whole encoding (tag, length, content). */
  readonly raw: Buffer;
}

export function readDer(buf: Buffer, offset = 0): DerNode {
  const tag = buf[offset] ?? 0;
  let length = buf[offset + 1] ?? 0;
  let header = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (buf[offset + 2 + i] ?? 0);
    header += octets;
  }
  if (offset + header + length > buf.length) throw new Error('truncated DER');
  return {
    tag,
    value: buf.subarray(offset + header, offset + header + length),
    raw: buf.subarray(offset, offset + header + length),
  };
}

/** The elements of a constructed node. */
export function derChildren(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  let offset = 0;
  while (offset < node.value.length) {
    const child = readDer(node.value, offset);
    out.push(child);
    offset += child.raw.length;
  }
  return out;
}

export function decodeOid(value: Buffer): string {
  const parts: number[] = [];
  let n = 0;
  for (const byte of value) {
    n = n * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(n);
      n = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** A string-typed attribute value as text (BMPString as UTF-16BE, the rest as UTF-8/Latin-1 bytes). */
export function derString(node: DerNode): string {
  if (node.tag === 0x1e) return Buffer.from(node.value).swap16().toString('utf16le');
  return node.tag === 0x0c ? node.value.toString('utf8') : node.value.toString('latin1');
}

export interface CertificateParts {
  readonly version: number;
  readonly signatureOid: string;
  readonly signature: Buffer;
  readonly issuer: ReadonlyArray<readonly [string, DerNode]>;
  readonly subject: ReadonlyArray<readonly [string, DerNode]>;
  readonly publicKeyOid: string;
  /** Extension OID → extnValue content (the DER inside the OCTET STRING). */
  readonly extensions: ReadonlyMap<string, Buffer>;
}

export function parseCertificate(der: Buffer): CertificateParts {
  const [tbs, sigAlg, sigBits] = derChildren(readDer(der));
  if (tbs === undefined || sigAlg === undefined || sigBits === undefined) throw new Error('not a certificate');
  const fields = derChildren(tbs);
  let i = 0;
  let version = 1;
  if (fields[0]?.tag === 0xa0) {
    version = Number(derChildren(fields[0])[0]?.value[0] ?? 0) + 1;
    i = 1;
  }
  const [, , issuer, , subject, spki] = fields.slice(i);
  const extensions = new Map<string, Buffer>();
  for (const field of fields.slice(i + 6)) {
    if (field.tag !== 0xa3) continue;
    for (const ext of derChildren(derChildren(field)[0] ?? field)) {
      const parts = derChildren(ext);
      const oid = decodeOid(parts[0]?.value ?? Buffer.alloc(0));
      extensions.set(oid, parts[parts.length - 1]?.value ?? Buffer.alloc(0));
    }
  }
  return {
    version,
    signatureOid: decodeOid(derChildren(sigAlg)[0]?.value ?? Buffer.alloc(0)),
    signature: sigBits.value.subarray(1),
    issuer: nameAttributes(issuer),
    subject: nameAttributes(subject),
    publicKeyOid: decodeOid(derChildren(derChildren(spki ?? sigAlg)[0] ?? sigAlg)[0]?.value ?? Buffer.alloc(0)),
    extensions,
  };
}

function nameAttributes(name: DerNode | undefined): Array<readonly [string, DerNode]> {
  if (name === undefined) return [];
  return derChildren(name).flatMap((rdn) =>
    derChildren(rdn).map((atv) => {
      const [oid, value] = derChildren(atv);
      return [decodeOid(oid?.value ?? Buffer.alloc(0)), value ?? atv] as const;
    }),
  );
}
