/**
 * `secureboot_certificates` (osquery's Linux genSecureBootCertificates): the X.509 certificates in the UEFI Secure
 * Boot signature databases db (allowed, revoked = 0) and dbx (forbidden, revoked = 1), read from efivarfs files
 * `db-<GUID>` and `dbx-<GUID>`. osquery reads only these two variables, not KEK or PK, and reports only X.509
 * entries: the SHA-256 (and other hash) entries that make up most of a real dbx give no row, as in osquery.
 * A machine without efivars has no row. Certificate columns are printed as osquery's `certificates` table prints
 * them (both use openssl_utils: subject/issuer in the X509_NAME_oneline form, validity as Unix seconds).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { certificateRow } from '../system/certificates.js';
import { EFI_DIR } from './secureboot.js';
import { efiSignatures, EFI_CERT_X509_GUID } from './efi_signature_list.js';

/** The signature databases osquery reads, with whether their certificates are revoked. */
const DATABASES: ReadonlyArray<readonly [prefix: string, revoked: number]> = [
  ['db-', 0],
  ['dbx-', 1],
];

/** efivarfs prefixes each variable's data with its 4 attribute bytes. */
const ATTRIBUTE_BYTES = 4;

export function secureBootCertificateRows(ctx: QueryContext, efiDir: string = EFI_DIR): Row[] {
  const varDir = join(efiDir, 'efivars');
  let names: string[];
  try {
    names = readdirSync(varDir).sort();
  } catch {
    return []; // not booted through UEFI, or efivarfs not mounted
  }
  const rows: Row[] = [];
  for (const [prefix, revoked] of DATABASES) {
    for (const name of names.filter((n) => n.startsWith(prefix))) {
      const path = join(varDir, name);
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (err) {
        ctx.errors.skip(`cannot read ${path}`, err);
        continue;
      }
      rows.push(...certificatesIn(ctx, bytes.subarray(ATTRIBUTE_BYTES), path, revoked));
    }
  }
  return rows;
}

function certificatesIn(ctx: QueryContext, data: Buffer, path: string, revoked: number): Row[] {
  const rows: Row[] = [];
  for (const { type, data: der } of efiSignatures(data)) {
    if (type !== EFI_CERT_X509_GUID) continue;
    try {
      rows.push(secureBootCertificateRow(der, path, revoked));
    } catch (err) {
      ctx.errors.skip(`${path}: an X.509 entry does not parse`, err);
    }
  }
  return rows;
}

function secureBootCertificateRow(der: Buffer, path: string, revoked: number): Row {
  const c = certificateRow(der);
  return {
    common_name: c.common_name,
    subject: c.subject,
    issuer: c.issuer,
    not_valid_before: c.not_valid_before,
    not_valid_after: c.not_valid_after,
    sha1: c.sha1,
    serial: c.serial,
    revoked,
    path,
    is_ca: c.ca,
    self_signed: c.self_signed,
    key_usage: c.key_usage,
    authority_key_id: c.authority_key_id,
    subject_key_id: c.subject_key_id,
    signing_algorithm: c.signing_algorithm,
    key_algorithm: c.key_algorithm,
    key_strength: c.key_strength,
  };
}

export function genSecureBootCertificates(ctx: QueryContext): Row[] {
  return secureBootCertificateRows(ctx);
}
