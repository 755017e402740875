/**
 * osquery's `secureboot_certificates` table (spec specs/linux/secureboot_certificates.table, implementation
 * secureboot_certificates@genSecureBootCertificates).
 */
import { col, defineTable } from '../../engine/spec.js';
import { genSecureBootCertificates } from './secureboot_certificates.js';

export default defineTable({
  name: 'secureboot_certificates',
  description:
    'X.509 certificates from UEFI Secure Boot signature databases (db and dbx EFI variables). Useful for monitoring CA expiry and adoption of updated certificates (e.g. Microsoft UEFI CA 2023).',
  platforms: ['linux'],
  columns: [
    col('common_name', 'TEXT', 'Certificate CommonName'),
    col('subject', 'TEXT', 'Certificate subject distinguished name'),
    col('issuer', 'TEXT', 'Certificate issuer distinguished name'),
    col('not_valid_before', 'TEXT', 'Lower bound of valid date'),
    col('not_valid_after', 'TEXT', 'Certificate expiration date'),
    col('sha1', 'TEXT', 'SHA1 hash of the raw certificate contents', { collate: 'NOCASE' }),
    col('serial', 'TEXT', 'Certificate serial number', { collate: 'NOCASE' }),
    col('revoked', 'INTEGER', '1 if the certificate is in the dbx revocation list, 0 if it is in the db allowlist'),
    col('path', 'TEXT', 'Path to the EFI variable file'),
    col('is_ca', 'INTEGER', '1 if the certificate is a CA, 0 otherwise'),
    col('self_signed', 'INTEGER', '1 if the certificate is self-signed, 0 otherwise'),
    col('key_usage', 'TEXT', 'Certificate key usage extension string'),
    col('authority_key_id', 'TEXT', 'Authority Key Identifier (AKI)', { collate: 'NOCASE' }),
    col('subject_key_id', 'TEXT', 'Subject Key Identifier (SKI)', { collate: 'NOCASE' }),
    col('signing_algorithm', 'TEXT', 'Algorithm used to sign the certificate'),
    col('key_algorithm', 'TEXT', 'Public key algorithm'),
    col('key_strength', 'TEXT', 'Public key size in bits'),
  ],
  generate: (ctx) => genSecureBootCertificates(ctx),
});
