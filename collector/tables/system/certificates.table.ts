/** osquery's `certificates` table (spec specs/certificates.table, implementation certificates@genCerts). */
import { col, defineTable } from '../../engine/spec.js';
import { genCertificates } from './certificates.js';

export default defineTable({
  name: 'certificates',
  description:
    "Certificate Authorities installed in Keychains/ca-bundles. NOTE: osquery limits frequent access to keychain files on macOS. This limit is controlled by keychain_access_interval flag. On macOS, 'path' may point to either a keychain file or a DER/PEM-encoded certificate file; non-keychain files are parsed as DER/PEM.",
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('common_name', 'TEXT', 'Certificate CommonName'),
    col('subject', 'TEXT', 'Certificate distinguished name (deprecated, use subject2)'),
    col('subject2', 'TEXT', 'Certificate distinguished name'),
    col('issuer', 'TEXT', 'Certificate issuer distinguished name (deprecated, use issuer2)'),
    col('issuer2', 'TEXT', 'Certificate issuer distinguished name'),
    col('ca', 'INTEGER', '1 if CA: true (certificate is an authority) else 0'),
    col('self_signed', 'INTEGER', '1 if self-signed, else 0'),
    col('not_valid_before', 'TEXT', 'Lower bound of valid date'),
    col('not_valid_after', 'TEXT', 'Certificate expiration data'),
    col('signing_algorithm', 'TEXT', 'Signing algorithm used'),
    col('key_algorithm', 'TEXT', 'Key algorithm used'),
    col('key_strength', 'TEXT', 'Key size used for RSA/DSA, or curve name'),
    col('key_usage', 'TEXT', 'Certificate key usage and extended key usage'),
    col('subject_key_id', 'TEXT', 'SKID an optionally included SHA1', { collate: 'NOCASE' }),
    col('authority_key_id', 'TEXT', 'AKID an optionally included SHA1', { collate: 'NOCASE' }),
    col('sha1', 'TEXT', 'SHA1 hash of the raw certificate contents', { collate: 'NOCASE' }),
    col('path', 'TEXT', 'Path to Keychain or PEM bundle', { additional: true, optimized: true }),
    col('serial', 'TEXT', 'Certificate serial number', { collate: 'NOCASE' }),
    col('sid', 'TEXT', 'SID', { hidden: true }), // other platforms only: NULL on Linux
    col('store_location', 'TEXT', 'Certificate system store location', { hidden: true }), // other platforms only: NULL on Linux
    col('store', 'TEXT', 'Certificate system store', { hidden: true }), // other platforms only: NULL on Linux
    col('username', 'TEXT', 'Username', { hidden: true }), // other platforms only: NULL on Linux
    col('store_id', 'TEXT', 'Exists for service/user stores. Contains raw store id provided by WinAPI.', {
      hidden: true,
    }), // other platforms only: NULL on Linux
  ],
  attributes: { cacheable: true },
  generate: (ctx) => genCertificates(ctx),
});
