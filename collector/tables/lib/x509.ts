/**
 * X.509 fields as the OpenSSL calls osquery makes print them (tables/system/posix/openssl_utils.cpp for
 * `certificates`, networking/curl_certificate.cpp for `curl_certificate`): Node's crypto.X509Certificate parses and
 * checks the certificate; der.ts supplies what Node does not expose (algorithm OIDs, name attributes, extensions).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { derChildren, readDer, type CertificateParts, type DerNode, derString, parseCertificate } from './der.js';

/** Name attribute OIDs → OpenSSL short names. */
const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
};

/** Algorithm OIDs → [OpenSSL short name, long name]. */
const ALGORITHMS: Record<string, readonly [string, string]> = {
  '1.2.840.113549.1.1.1': ['rsaEncryption', 'rsaEncryption'],
  '1.2.840.113549.1.1.4': ['RSA-MD5', 'md5WithRSAEncryption'],
  '1.2.840.113549.1.1.5': ['RSA-SHA1', 'sha1WithRSAEncryption'],
  '1.2.840.113549.1.1.10': ['RSASSA-PSS', 'rsassaPss'],
  '1.2.840.113549.1.1.11': ['RSA-SHA256', 'sha256WithRSAEncryption'],
  '1.2.840.113549.1.1.12': ['RSA-SHA384', 'sha384WithRSAEncryption'],
  '1.2.840.113549.1.1.13': ['RSA-SHA512', 'sha512WithRSAEncryption'],
  '1.2.840.113549.1.1.14': ['RSA-SHA224', 'sha224WithRSAEncryption'],
  '1.2.840.10045.2.1': ['id-ecPublicKey', 'id-ecPublicKey'],
  '1.2.840.10045.4.1': ['ecdsa-with-SHA1', 'ecdsa-with-SHA1'],
  '1.2.840.10045.4.3.2': ['ecdsa-with-SHA256', 'ecdsa-with-SHA256'],
  '1.2.840.10045.4.3.3': ['ecdsa-with-SHA384', 'ecdsa-with-SHA384'],
  '1.2.840.10045.4.3.4': ['ecdsa-with-SHA512', 'ecdsa-with-SHA512'],
  '1.2.840.10040.4.1': ['DSA', 'dsaEncryption'],
  '1.3.101.112': ['ED25519', 'ED25519'],
  '1.3.101.113': ['ED448', 'ED448'],
};

/** keyUsage bits (first octet high bit first, then decipherOnly) with certificates' and OpenSSL's print names. */
const KEY_USAGE_BITS: ReadonlyArray<readonly [number, string, string]> = [
  [0x0080, 'Digital Signature', 'Digital Signature'],
  [0x0040, 'Non Repudiation', 'Non Repudiation'],
  [0x0020, 'Key Encipherment', 'Key Encipherment'],
  [0x0010, 'Data Encipherment', 'Data Encipherment'],
  [0x0008, 'Key Agreement', 'Key Agreement'],
  [0x0004, 'Key Cert Sign', 'Certificate Sign'],
  [0x0002, 'CRL Sign', 'CRL Sign'],
  [0x0001, 'Encipher Only', 'Encipher Only'],
  [0x8000, 'Decipher Only', 'Decipher Only'],
];
/** osquery's certificates table lists the flags in the order of their values. */
const CERTIFICATES_USAGE_ORDER = [...KEY_USAGE_BITS].sort((a, b) => a[0] - b[0]);

export const OID = {
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyId: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  policies: '2.5.29.32',
} as const;

export interface ParsedCertificate {
  readonly x509: X509Certificate;
  readonly parts: CertificateParts;
}

export function parseX509(der: Buffer): ParsedCertificate {
  return { x509: new X509Certificate(der), parts: parseCertificate(der) };
}

/** Certificates in a file: every PEM CERTIFICATE block, or the whole file as one DER certificate. */
export function certificatesInFile(bytes: Buffer): Buffer[] {
  const text = bytes.toString('latin1');
  const blocks = [
    ...text.matchAll(
      /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g,
    ),
  ];
  if (blocks.length > 0) return blocks.map((m) => Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));
  return bytes[0] === 0x30 ? [bytes] : [];
}

export const attributeName = (oid: string): string => ATTRIBUTE_NAMES[oid] ?? oid;
export const algorithmShortName = (oid: string): string => ALGORITHMS[oid]?.[0] ?? oid;
export const algorithmLongName = (oid: string): string => ALGORITHMS[oid]?.[1] ?? oid;

/** The first value of an attribute (X509_NAME_get_text_by_NID), or undefined. */
export function nameValue(name: CertificateParts['subject'], shortName: string): string | undefined {
  const found = name.find(([oid]) => attributeName(oid) === shortName);
  return found === undefined ? undefined : derString(found[1]);
}

/** X509_NAME_oneline: `/C=US/O=Org/CN=Name`, bytes outside printable ASCII as \xHH. */
export function nameOneline(name: CertificateParts['subject']): string {
  return name.map(([oid, value]) => `/${attributeName(oid)}=${escapeBytes(value, (b) => `\\x${hex2(b)}`)}`).join('');
}

/** X509_NAME_print_ex with XN_FLAG_ONELINE: `C = US, O = Org, CN = Name`, quoting values with RFC 2253 specials. */
export function namePrintOneline(name: CertificateParts['subject']): string {
  return name
    .map(([oid, value]) => {
      const text = escapeBytes(value, (b) => `\\${hex2(b)}`, true);
      const quote = /[,+"\\<>;]/.test(text) || /^[ #]| $/.test(text);
      return `${attributeName(oid)} = ${quote ? `"${text}"` : text}`;
    })
    .join(', ');
}

function escapeBytes(value: DerNode, escape: (byte: number) => string, utf8 = false): string {
  const bytes = value.tag === 0x1e ? Buffer.from(derString(value), 'utf8') : value.value;
  let out = '';
  for (const b of bytes) out += b < 0x20 || b > 0x7e || (!utf8 && b === 0x7f) ? escape(b) : String.fromCharCode(b);
  return out;
}

const hex2 = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');
export const colonHex = (buf: Buffer): string => [...buf].map(hex2).join(':');

/** The keyUsage flags, or null without the extension (X509_get_key_usage returning UINT32_MAX). */
export function keyUsageFlags(parts: CertificateParts): number | null {
  const ext = parts.extensions.get(OID.keyUsage);
  if (ext === undefined) return null;
  const bits = readDer(ext).value;
  return (bits[1] ?? 0) | ((bits[2] ?? 0) << 8);
}

export function keyUsageText(flags: number | null, style: 'certificates' | 'openssl'): string {
  if (flags === null) return '';
  const order = style === 'certificates' ? CERTIFICATES_USAGE_ORDER : KEY_USAGE_BITS;
  return order
    .filter(([bit]) => (flags & bit) !== 0)
    .map(([, c, o]) => (style === 'certificates' ? c : o))
    .join(', ');
}

export function subjectKeyId(parts: CertificateParts): Buffer | undefined {
  const ext = parts.extensions.get(OID.subjectKeyId);
  return ext === undefined ? undefined : readDer(ext).value;
}

export function authorityKeyId(parts: CertificateParts): Buffer | undefined {
  const ext = parts.extensions.get(OID.authorityKeyId);
  if (ext === undefined) return undefined;
  return derChildren(readDer(ext)).find((c) => c.tag === 0x80)?.value;
}

export function basicConstraints(parts: CertificateParts): { ca: boolean; pathLen?: number } | undefined {
  const ext = parts.extensions.get(OID.basicConstraints);
  if (ext === undefined) return undefined;
  const children = derChildren(readDer(ext));
  const ca = children.some((c) => c.tag === 0x01 && c.value[0] !== 0);
  const len = children.find((c) => c.tag === 0x02);
  return len === undefined ? { ca } : { ca, pathLen: Number(BigInt(`0x${len.value.toString('hex') || '0'}`)) };
}

/** X509_check_ca > 0: a keyUsage without keyCertSign says no; basicConstraints decides; else a v1 root or keyUsage. */
export function isCa(parts: CertificateParts): boolean {
  const flags = keyUsageFlags(parts);
  if (flags !== null && (flags & 0x0004) === 0) return false;
  const bc = basicConstraints(parts);
  if (bc !== undefined) return bc.ca;
  if (parts.version === 1 && nameOneline(parts.subject) === nameOneline(parts.issuer)) return true;
  return flags !== null;
}

/** BN_bn2hex of the serial: upper-case hex, whole octets, no leading zero octets. */
export function serialHex(x509: X509Certificate): string {
  const hex = x509.serialNumber.toUpperCase().replace(/^(00)+(?=..)/, '');
  return hex.length % 2 === 1 ? `0${hex}` : hex;
}

export function digestHex(der: Buffer, algorithm: 'sha1' | 'sha256'): string {
  return createHash(algorithm).update(der).digest('hex');
}

/** ASN1_TIME_print text, as Node gives it (`Jan  1 00:00:00 2024 GMT`), as Unix seconds. */
export function asn1TimeToUnix(text: string): number {
  return Math.floor(Date.parse(text.replace(/ GMT$/, ' UTC')) / 1000);
}
