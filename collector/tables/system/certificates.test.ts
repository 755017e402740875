import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Row } from '../../engine/spec.js';
import { genCertificates } from './certificates.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

function openssl(args: string[], cwd: string): string {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** `openssl x509 -noout <option>` of a file, with the `name=` prefix removed. */
const opensslField = (dir: string, file: string, option: string, extra: string[] = []): string =>
  openssl(['x509', '-in', file, '-noout', option, ...extra], dir)
    .trim()
    .replace(/^[a-zA-Z0-9 ]+=\s*/, '');

const query = (paths: string[]): Row[] =>
  genCertificates(
    createQueryContext({
      table: 'certificates',
      constraints: paths.map((value) => ({ column: 'path', op: '=' as const, value })),
    }),
  );

describe('certificates', { skip: !hasOpenssl && 'openssl is needed to make and read the test certificates' }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'osprey-certs-'));
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '30',
        '-subj',
        '/C=DE/O=Osprey Test, Inc./CN=Osprey Test Root',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      dir,
    );
    openssl(
      [
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        'leaf.key',
        '-out',
        'leaf.csr',
        '-subj',
        '/CN=leaf.example/O=Leaf Org',
      ],
      dir,
    );
    writeFileSync(
      join(dir, 'leaf.ext'),
      'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyAgreement\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'leaf.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-set_serial',
        '0x00ab12',
        '-days',
        '10',
        '-extfile',
        'leaf.ext',
        '-sha384',
        '-out',
        'leaf.pem',
      ],
      dir,
    );
    openssl(['x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.der'], dir);
    writeFileSync(
      join(dir, 'bundle.crt'),
      readFileSync(join(dir, 'ca.pem'), 'utf8') + readFileSync(join(dir, 'leaf.pem'), 'utf8'),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every certificate of a PEM bundle, with the values openssl x509 prints', () => {
    const rows = query([join(dir, 'bundle.crt')]);
    assert.equal(rows.length, 2);
    for (const [row, file] of [
      [rows[0], 'ca.pem'],
      [rows[1], 'leaf.pem'],
    ] as const) {
      assert.equal(row?.path, join(dir, 'bundle.crt'));
      assert.equal(row?.sha1, opensslField(dir, file, '-fingerprint', ['-sha1']).replaceAll(':', '').toLowerCase());
      assert.equal(row?.serial, opensslField(dir, file, '-serial'));
      assert.equal(row?.subject2, opensslField(dir, file, '-subject', ['-nameopt', 'oneline']));
      assert.equal(row?.issuer2, opensslField(dir, file, '-issuer', ['-nameopt', 'oneline']));
      assert.equal(row?.not_valid_after, String(Date.parse(opensslField(dir, file, '-enddate')) / 1000));
      const skid =
        openssl(['x509', '-in', file, '-noout', '-ext', 'subjectKeyIdentifier'], dir).split('\n')[1]?.trim() ?? '';
      assert.equal(row?.subject_key_id, skid.replaceAll(':', '').toLowerCase());
    }
    assert.deepEqual(
      [
        rows[0]?.common_name,
        rows[0]?.subject,
        rows[0]?.ca,
        rows[0]?.self_signed,
        rows[0]?.key_algorithm,
        rows[0]?.key_strength,
        rows[0]?.key_usage,
        rows[0]?.signing_algorithm,
      ],
      [
        'Osprey Test Root',
        '/C=DE/O=Osprey Test, Inc./CN=Osprey Test Root',
        1,
        1,
        'rsaEncryption',
        '2048',
        'CRL Sign, Key Cert Sign',
        'sha256WithRSAEncryption',
      ],
    );
    assert.equal(rows[0]?.subject2, 'C = DE, O = "Osprey Test, Inc.", CN = Osprey Test Root');
    assert.deepEqual(
      [
        rows[1]?.common_name,
        rows[1]?.ca,
        rows[1]?.self_signed,
        rows[1]?.key_algorithm,
        rows[1]?.key_strength,
        rows[1]?.key_usage,
        rows[1]?.signing_algorithm,
        rows[1]?.serial,
      ],
      [
        'leaf.example',
        0,
        0,
        'id-ecPublicKey',
        'prime256v1',
        'Key Agreement, Digital Signature',
        'sha384WithRSAEncryption',
        'AB12',
      ],
    );
    assert.equal(rows[1]?.authority_key_id, rows[0]?.subject_key_id);
  });

  it('reads a DER file and a directory of certificates', () => {
    const der = query([join(dir, 'leaf.der')]);
    assert.equal(der.length, 1);
    assert.equal(der[0]?.common_name, 'leaf.example');
    const all = query([dir]);
    assert.deepEqual(
      all.map((r) => [String(r.path).slice(dir.length + 1), r.common_name]),
      [
        ['bundle.crt', 'Osprey Test Root'],
        ['bundle.crt', 'leaf.example'],
        ['ca.pem', 'Osprey Test Root'],
        ['leaf.der', 'leaf.example'],
        ['leaf.pem', 'leaf.example'],
      ],
    );
  });

  it('reads the system CA bundle as openssl counts it', (t) => {
    const bundle = '/etc/ssl/certs/ca-certificates.crt';
    if (!existsSync(bundle)) return t.skip('no system CA bundle');
    const rows = query([]).filter((r) => r.path === bundle);
    const count = (readFileSync(bundle, 'utf8').match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
    assert.equal(rows.length, count);
    assert.ok(rows.every((r) => r.ca === 1 && String(r.sha1).length === 40));
  });
});
