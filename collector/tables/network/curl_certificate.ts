/**
 * `curl_certificate`, as osquery's genTLSCertificate: for each `hostname = 'host[:port]'` (port 443 by default) a
 * TLS handshake, with SNI for a name, and one row describing the certificate the server presents; a failed
 * handshake gives no row (osquery logs it). Extensions print as OpenSSL's X509V3_EXT_print prints them, newlines
 * turned into `;`. Osprey prints subject key id, authority key id, key usage, extended key usage, policies,
 * subject alternative names, authority info access and basic constraints; the rarer issuer alternative names,
 * subject info access, policy mappings, name and policy constraints are ''.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { derChildren, decodeOid, readDer } from '../lib/der.js';
import { peerCertificateSync } from '../lib/sync-tls.js';
import {
  algorithmShortName,
  authorityKeyId,
  basicConstraints,
  colonHex,
  digestHex,
  keyUsageFlags,
  keyUsageText,
  nameValue,
  OID,
  parseX509,
  serialHex,
  subjectKeyId,
  type ParsedCertificate,
} from '../lib/x509.js';

const DEFAULT_TIMEOUT_SECONDS = 4;
const DEFAULT_PORT = 443;

const EXTENDED_KEY_USAGES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'TLS Web Server Authentication',
  '1.3.6.1.5.5.7.3.2': 'TLS Web Client Authentication',
  '1.3.6.1.5.5.7.3.3': 'Code Signing',
  '1.3.6.1.5.5.7.3.4': 'E-mail Protection',
  '1.3.6.1.5.5.7.3.8': 'Time Stamping',
  '1.3.6.1.5.5.7.3.9': 'OCSP Signing',
  '2.5.29.37.0': 'Any Extended Key Usage',
};

export function genCurlCertificate(ctx: QueryContext): Row[] {
  const dump = ctx.equals('dump_certificate').some((v) => Number(v) === 1) ? 1 : 0;
  const timeoutValue = Number(ctx.equals('timeout')[0] ?? DEFAULT_TIMEOUT_SECONDS);
  const timeout = Number.isInteger(timeoutValue) && timeoutValue >= 0 ? timeoutValue : DEFAULT_TIMEOUT_SECONDS;
  const rows: Row[] = [];
  for (const hostname of new Set(ctx.equals('hostname').map(String))) {
    const { host, port } = splitHostname(hostname);
    try {
      const der = peerCertificateSync(host, port, timeout * 1000);
      rows.push({
        hostname,
        ...certificateColumns(parseX509(der), der),
        timeout,
        dump_certificate: dump,
        ...(dump ? { pem: pemOf(der) } : {}),
      });
    } catch (err) {
      ctx.errors.skip(`curl_certificate: cannot get the certificate of ${hostname}`, err);
    }
  }
  return rows;
}

/** osquery splits at the first ':'; an empty port means 443. */
export function splitHostname(hostname: string): { host: string; port: number } {
  const colon = hostname.indexOf(':');
  if (colon < 0) return { host: hostname, port: DEFAULT_PORT };
  const port = hostname.slice(colon + 1);
  return { host: hostname.slice(0, colon), port: port === '' ? DEFAULT_PORT : Number(port) };
}

export function certificateColumns({ x509, parts }: ParsedCertificate, der: Buffer): Row {
  const skid = subjectKeyId(parts);
  const akid = authorityKeyId(parts);
  const bc = basicConstraints(parts);
  return {
    common_name: nameValue(parts.subject, 'CN'),
    organization: nameValue(parts.subject, 'O'),
    organization_unit: nameValue(parts.subject, 'OU'),
    serial_number: serialHex(x509),
    issuer_common_name: nameValue(parts.issuer, 'CN'),
    issuer_organization: nameValue(parts.issuer, 'O'),
    issuer_organization_unit: nameValue(parts.issuer, 'OU'),
    valid_from: x509.validFrom,
    valid_to: x509.validTo,
    sha256_fingerprint: digestHex(der, 'sha256'),
    sha1_fingerprint: digestHex(der, 'sha1'),
    version: parts.version,
    signature_algorithm: algorithmShortName(parts.signatureOid),
    signature: [...parts.signature].map((b) => b.toString(16).padStart(2, '0')).join(':'),
    subject_key_identifier: skid === undefined ? '' : colonHex(skid),
    authority_key_identifier: akid === undefined ? '' : colonHex(akid),
    key_usage: keyUsageText(keyUsageFlags(parts), 'openssl'),
    extended_key_usage: extendedKeyUsage(parts.extensions.get(OID.extKeyUsage)),
    policies: policies(parts.extensions.get(OID.policies)),
    subject_alternative_names: x509.subjectAltName ?? '',
    issuer_alternative_names: '',
    info_access: (x509.infoAccess ?? '').replace(/\n$/, '').replaceAll('\n', ';'),
    subject_info_access: '',
    policy_mappings: '',
    has_expired: Date.parse(x509.validTo) <= Date.now() ? 1 : 0,
    basic_constraint:
      bc === undefined
        ? ''
        : `CA:${bc.ca ? 'TRUE' : 'FALSE'}${bc.pathLen === undefined ? '' : `, pathlen:${bc.pathLen}`}`,
    name_constraints: '',
    policy_constraints: '',
  };
}

function extendedKeyUsage(ext: Buffer | undefined): string {
  if (ext === undefined) return '';
  return derChildren(readDer(ext))
    .map((c) => EXTENDED_KEY_USAGES[decodeOid(c.value)] ?? decodeOid(c.value))
    .join(', ');
}

/** i2r_certpol: `Policy: <oid>` per policy and `  CPS: <uri>` per CPS qualifier, one per line (here `;`). */
function policies(ext: Buffer | undefined): string {
  if (ext === undefined) return '';
  const lines: string[] = [];
  for (const info of derChildren(readDer(ext))) {
    const [oid, qualifiers] = derChildren(info);
    lines.push(`Policy: ${decodeOid(oid?.value ?? Buffer.alloc(0))}`);
    for (const q of qualifiers === undefined ? [] : derChildren(qualifiers)) {
      const [qid, value] = derChildren(q);
      if (decodeOid(qid?.value ?? Buffer.alloc(0)) === '1.3.6.1.5.5.7.2.1' && value !== undefined)
        lines.push(`  CPS: ${value.value.toString('latin1')}`);
    }
  }
  return lines.join(';');
}

function pemOf(der: Buffer): string {
  const body = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${body.join('\n')}\n-----END CERTIFICATE-----\n`;
}
