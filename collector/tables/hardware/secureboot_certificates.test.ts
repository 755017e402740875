import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Row } from '../../engine/spec.js';
import {
  buildSignatureList,
  EFI_CERT_SHA256_GUID,
  EFI_CERT_X509_GUID,
  efiSignatures,
  guidBytes,
  guidText,
} from './efi_signature_list.js';
import { EFI_DIR } from './secureboot.js';
import { genSecureBootCertificates, secureBootCertificateRows } from './secureboot_certificates.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
/** EFI_IMAGE_SECURITY_DATABASE_GUID, the vendor GUID of db and dbx. */
const SECURITY_DB_GUID = 'd719b2cb-3d3a-4596-a3bc-dad00e67656f';
const OWNER = '77fa9abd-0359-4d32-bd60-28f4e78f784b'; // Microsoft's owner GUID, as a typical entry carries
/** EFI_VARIABLE_NON_VOLATILE | BOOTSERVICE_ACCESS | RUNTIME_ACCESS | TIME_BASED_AUTHENTICATED_WRITE_ACCESS. */
const ATTRIBUTES = Buffer.from([0x27, 0, 0, 0]);

const context = () => createQueryContext({ table: 'secureboot_certificates', constraints: [] });
const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

function openssl(args: string[], cwd: string): string {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** A self-signed certificate with keyCertSign, made by openssl, as DER. */
function makeCertificate(dir: string, name: string, cn: string): Buffer {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '30',
      '-subj',
      `/C=US/O=Osprey Test/CN=${cn}`,
      '-addext',
      'keyUsage=critical,keyCertSign,digitalSignature',
    ],
    dir,
  );
  openssl(['x509', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`], dir);
  return readFileSync(join(dir, `${name}.der`));
}

describe('EFI_SIGNATURE_LIST', () => {
  it('writes GUIDs in EFI byte order (first three fields little-endian), as the UEFI spec defines X.509', () => {
    // EFI_CERT_X509_GUID = {0xa5c059a1, 0x94e4, 0x4aa7, {0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72}}
    assert.equal(guidBytes(EFI_CERT_X509_GUID).toString('hex'), 'a159c0a5e494a74a87b5ab155c2bf072');
    assert.equal(guidText(guidBytes(SECURITY_DB_GUID)), SECURITY_DB_GUID);
  });

  it('yields each entry with its list type and owner, and stops at a list that runs past the data', () => {
    const hashes = [sha256('a'), sha256('b')];
    const list = buildSignatureList(EFI_CERT_SHA256_GUID, OWNER, hashes);
    assert.equal(list.length, 28 + 2 * (16 + 32));
    // The header as the UEFI spec lays it out: EFI_CERT_SHA256_GUID {0xc1c41626, 0x504c, 0x4092, {0xac, 0xa9, …}},
    // then SignatureListSize 124, SignatureHeaderSize 0, SignatureSize 48 (little-endian), then the owner GUID.
    assert.equal(
      list.subarray(0, 44).toString('hex'),
      '2616c4c14c509240aca941f936934328' + '7c000000' + '00000000' + '30000000' + 'bd9afa775903324dbd6028f4e78f784b',
    );
    const entries = efiSignatures(Buffer.concat([list, list.subarray(0, 40)]));
    assert.deepEqual(
      entries.map((e) => [e.type, e.owner, e.data.toString('hex')]),
      hashes.map((h) => [EFI_CERT_SHA256_GUID, OWNER, h.toString('hex')]),
    );
    assert.deepEqual(efiSignatures(Buffer.alloc(10)), []);
  });
});

describe('secureboot_certificates', { skip: !hasOpenssl && 'openssl is needed to make the test certificates' }, () => {
  let dir: string;
  let efiDir: string;
  let dbDer: Buffer;
  let dbxDer: Buffer;
  let rows: Row[];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'osprey-sbcerts-'));
    dbDer = makeCertificate(dir, 'db', 'Osprey Test DB CA');
    dbxDer = makeCertificate(dir, 'dbx', 'Osprey Revoked CA');
    efiDir = join(dir, 'efi');
    mkdirSync(join(efiDir, 'efivars'), { recursive: true });
    const variable = (...lists: Buffer[]): Buffer => Buffer.concat([ATTRIBUTES, ...lists]);
    const hashList = buildSignatureList(EFI_CERT_SHA256_GUID, OWNER, [sha256('revoked shim')]);
    const write = (name: string, data: Buffer): void => writeFileSync(join(efiDir, 'efivars', name), data);
    write(`db-${SECURITY_DB_GUID}`, variable(hashList, buildSignatureList(EFI_CERT_X509_GUID, OWNER, [dbDer])));
    write(`dbx-${SECURITY_DB_GUID}`, variable(hashList, buildSignatureList(EFI_CERT_X509_GUID, OWNER, [dbxDer])));
    // KEK and PK hold certificates too, but osquery's table reads only db and dbx.
    write(`KEK-8be4df61-93ca-11d2-aa0d-00e098032b8c`, variable(buildSignatureList(EFI_CERT_X509_GUID, OWNER, [dbDer])));
    write(`dbDefault-8be4df61-93ca-11d2-aa0d-00e098032b8c`, variable(hashList));
    rows = secureBootCertificateRows(context(), efiDir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has one row per X.509 entry of db (revoked 0) and dbx (revoked 1), hash entries giving none', () => {
    assert.deepEqual(
      rows.map((r) => [r.common_name, r.revoked, r.path]),
      [
        ['Osprey Test DB CA', 0, join(efiDir, 'efivars', `db-${SECURITY_DB_GUID}`)],
        ['Osprey Revoked CA', 1, join(efiDir, 'efivars', `dbx-${SECURITY_DB_GUID}`)],
      ],
    );
  });

  // key_usage lists flags in the order of their bit values, as osquery's openssl_utils does (see lib/x509.ts).
  it('prints the certificate fields as openssl reads them', () => {
    const row = rows[0] as Row;
    const field = (option: string, ...extra: string[]): string =>
      openssl(['x509', '-in', 'db.pem', '-noout', option, ...extra], dir).replace(/^[a-zA-Z0-9 ]+=\s*/, '');
    assert.equal(row.subject, field('-subject', '-nameopt', 'compat'));
    assert.equal(row.issuer, field('-issuer', '-nameopt', 'compat'));
    assert.equal(row.serial, field('-serial'));
    assert.equal(row.sha1, field('-fingerprint', '-sha1').replaceAll(':', '').toLowerCase());
    assert.equal(row.not_valid_before, String(Date.parse(field('-startdate')) / 1000));
    assert.equal(row.not_valid_after, String(Date.parse(field('-enddate')) / 1000));
    const ski = field('-ext', 'subjectKeyIdentifier').split('\n').pop()?.trim() ?? '';
    assert.equal(row.subject_key_id, ski.replaceAll(':', '').toLowerCase());
    assert.equal(row.authority_key_id, row.subject_key_id); // openssl req -x509 points the AKI at itself
    assert.deepEqual(
      [row.is_ca, row.self_signed, row.key_usage, row.signing_algorithm, row.key_algorithm, row.key_strength],
      [1, 1, 'Key Cert Sign, Digital Signature', 'sha256WithRSAEncryption', 'rsaEncryption', '2048'],
    );
  });

  it('skips an X.509 entry that does not parse and keeps the rest', () => {
    const bad = join(dir, 'bad');
    mkdirSync(join(bad, 'efivars'), { recursive: true });
    const garbage = buildSignatureList(EFI_CERT_X509_GUID, OWNER, [Buffer.from('not a certificate')]);
    const good = buildSignatureList(EFI_CERT_X509_GUID, OWNER, [dbDer]);
    writeFileSync(join(bad, 'efivars', `db-${SECURITY_DB_GUID}`), Buffer.concat([ATTRIBUTES, garbage, good]));
    assert.deepEqual(
      secureBootCertificateRows(context(), bad).map((r) => r.common_name),
      ['Osprey Test DB CA'],
    );
  });

  it('has no row and no error without efivars', () => {
    assert.deepEqual(secureBootCertificateRows(context(), join(dir, 'no-such-efi')), []);
    if (!existsSync(EFI_DIR)) assert.deepEqual(genSecureBootCertificates(context()), []);
  });
});
