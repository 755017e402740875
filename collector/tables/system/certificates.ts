/**
 * `certificates`, as osquery's Linux genCerts: every certificate in the CA bundles /etc/pki/tls/certs/ca-bundle.crt
 * and /etc/ssl/certs/ca-certificates.crt, or in the files `path = …` names. Osprey also reads a DER file, and a
 * directory named by `path` (e.g. /etc/ssl/certs) as each regular file in it. Columns as osquery's openssl_utils
 * prints them; not_valid_before/after are Unix seconds as text.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import {
  algorithmLongName,
  asn1TimeToUnix,
  authorityKeyId,
  certificatesInFile,
  digestHex,
  isCa,
  keyUsageFlags,
  keyUsageText,
  nameOneline,
  namePrintOneline,
  nameValue,
  parseX509,
  serialHex,
  subjectKeyId,
} from '../lib/x509.js';

const DEFAULT_BUNDLES = ['/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/certs/ca-certificates.crt'];

export function genCertificates(ctx: QueryContext, root = ''): Row[] {
  const wanted = ctx.equals('path').map(String);
  const rows: Row[] = [];
  for (const path of wanted.length > 0 ? wanted : DEFAULT_BUNDLES) {
    for (const file of filesAt(root + path)) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (err) {
        ctx.errors.skip(`cannot read ${file}`, err);
        continue;
      }
      for (const der of certificatesInFile(bytes)) {
        try {
          rows.push({ ...certificateRow(der), path: file.slice(root.length) });
        } catch (err) {
          ctx.errors.skip(`${file}: a certificate does not parse`, err);
        }
      }
    }
  }
  return rows;
}

export function certificateRow(der: Buffer): Row {
  const { x509, parts } = parseX509(der);
  const keyDetails = x509.publicKey.asymmetricKeyDetails;
  const keyStrength =
    keyDetails?.namedCurve ??
    (keyDetails?.modulusLength === undefined ? '' : String(Math.ceil(keyDetails.modulusLength / 8) * 8));
  return {
    common_name: nameValue(parts.subject, 'CN') ?? '',
    subject: nameOneline(parts.subject),
    subject2: namePrintOneline(parts.subject),
    issuer: nameOneline(parts.issuer),
    issuer2: namePrintOneline(parts.issuer),
    ca: isCa(parts) ? 1 : 0,
    self_signed: x509.checkIssued(x509) ? 1 : 0,
    not_valid_before: String(asn1TimeToUnix(x509.validFrom)),
    not_valid_after: String(asn1TimeToUnix(x509.validTo)),
    signing_algorithm: algorithmLongName(parts.signatureOid),
    key_algorithm: algorithmLongName(parts.publicKeyOid),
    key_strength: keyStrength,
    key_usage: keyUsageText(keyUsageFlags(parts), 'certificates'),
    subject_key_id: subjectKeyId(parts)?.toString('hex') ?? '',
    authority_key_id: authorityKeyId(parts)?.toString('hex') ?? '',
    sha1: digestHex(der, 'sha1'),
    serial: serialHex(x509),
  };
}

function filesAt(path: string): string[] {
  try {
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path)
      .sort()
      .map((n) => join(path, n))
      .filter((p) => {
        try {
          return statSync(p).isFile();
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}
