import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { genCurlCertificate, splitHostname } from './curl_certificate.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

function openssl(args: string[], cwd: string): string {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** The value lines openssl prints under an extension's heading, trimmed and joined with ';'. */
const opensslExtension = (dir: string, name: string): string =>
  openssl(['x509', '-in', 'cert.pem', '-noout', '-ext', name], dir)
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(';');

const run = (constraints: Constraint[]) => {
  const skipped: string[] = [];
  const rows = genCurlCertificate(
    createQueryContext({ table: 'curl_certificate', constraints, errors: { skip: (r) => skipped.push(r) } }),
  );
  return { rows, skipped };
};

describe('curl_certificate', { skip: !hasOpenssl && 'openssl is needed to make the server certificate' }, () => {
  let dir: string;
  let server: ChildProcess;
  let port: number;
  const handshakes: string[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'osprey-curlcert-'));
    writeFileSync(
      join(dir, 'req.cnf'),
      [
        '[req]',
        'distinguished_name=dn',
        'x509_extensions=v3',
        '[dn]',
        '[v3]',
        'basicConstraints=critical,CA:TRUE,pathlen:0',
        'keyUsage=digitalSignature,keyCertSign',
        'extendedKeyUsage=serverAuth,clientAuth',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        'subjectKeyIdentifier=hash',
        'authorityKeyIdentifier=keyid',
        'certificatePolicies=2.23.140.1.2.1',
        'authorityInfoAccess=OCSP;URI:http://ocsp.example.test,caIssuers;URI:http://ca.example.test/ca.crt',
        '',
      ].join('\n'),
    );
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-days',
        '5',
        '-set_serial',
        '4660',
        '-subj',
        '/C=DE/O=Osprey/OU=Tables/CN=localhost',
        '-config',
        'req.cnf',
      ],
      dir,
    );
    server = spawn(
      process.execPath,
      [fromRoot('collector/tables/network/fixtures/tls-server.mjs'), join(dir, 'key.pem'), join(dir, 'cert.pem')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stderr?.on('data', (d: Buffer) => handshakes.push(...d.toString().trim().split('\n')));
    const [out] = (await once(server.stdout ?? server, 'data')) as [Buffer];
    port = Number(out.toString().trim());
  });
  after(() => {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('describes the certificate a loopback server presents, as openssl x509 prints it', async () => {
    const { rows, skipped } = run([{ column: 'hostname', op: '=', value: `localhost:${port}` }]);
    assert.deepEqual(skipped, []);
    const row = rows[0] ?? {};
    const fingerprint = (alg: string) =>
      openssl(['x509', '-in', 'cert.pem', '-noout', '-fingerprint', `-${alg}`], dir)
        .trim()
        .split('=')[1]
        ?.replaceAll(':', '')
        .toLowerCase();
    assert.deepEqual(
      [
        row.hostname,
        row.common_name,
        row.organization,
        row.organization_unit,
        row.issuer_common_name,
        row.serial_number,
        row.version,
        row.signature_algorithm,
        row.has_expired,
        row.timeout,
        row.dump_certificate,
        row.pem,
      ],
      [`localhost:${port}`, 'localhost', 'Osprey', 'Tables', 'localhost', '1234', 3, 'RSA-SHA256', 0, 4, 0, undefined],
    );
    assert.equal(row.sha256_fingerprint, fingerprint('sha256'));
    assert.equal(row.sha1_fingerprint, fingerprint('sha1'));
    assert.equal(row.valid_to, openssl(['x509', '-in', 'cert.pem', '-noout', '-enddate'], dir).trim().split('=')[1]);
    assert.equal(row.subject_key_identifier, opensslExtension(dir, 'subjectKeyIdentifier'));
    assert.equal(row.authority_key_identifier, opensslExtension(dir, 'authorityKeyIdentifier'));
    assert.equal(row.key_usage, opensslExtension(dir, 'keyUsage'));
    assert.equal(row.extended_key_usage, opensslExtension(dir, 'extendedKeyUsage'));
    assert.equal(row.basic_constraint, opensslExtension(dir, 'basicConstraints'));
    assert.equal(row.subject_alternative_names, opensslExtension(dir, 'subjectAltName'));
    assert.equal(row.info_access, opensslExtension(dir, 'authorityInfoAccess'));
    assert.equal(row.policies, 'Policy: 2.23.140.1.2.1');
    await waitFor('the server to log the SNI of the handshake', () => handshakes.includes('sni localhost'), {
      context: () => handshakes.join('\n'),
    });
  });

  it('dumps the PEM when dump_certificate = 1', () => {
    const { rows } = run([
      { column: 'hostname', op: '=', value: `127.0.0.1:${port}` },
      { column: 'dump_certificate', op: '=', value: 1 },
    ]);
    assert.equal(rows[0]?.pem, readFileSync(join(dir, 'cert.pem'), 'utf8'));
  });

  it('gives no row, and counts the failure, when nothing listens', () => {
    const { rows, skipped } = run([{ column: 'hostname', op: '=', value: '127.0.0.1:1' }]);
    assert.deepEqual(rows, []);
    assert.equal(skipped.length, 1);
  });

  it('splits host and port as osquery does', () => {
    assert.deepEqual(
      [splitHostname('osquery.io'), splitHostname('osquery.io:'), splitHostname('h:8443')],
      [
        { host: 'osquery.io', port: 443 },
        { host: 'osquery.io', port: 443 },
        { host: 'h', port: 8443 },
      ],
    );
  });
});
