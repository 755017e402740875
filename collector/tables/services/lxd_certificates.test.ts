import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLxd, type FakeDaemon } from './testing.js';
import { genLxdCertificates } from './lxd_certificates.js';

describe('lxd_certificates', () => {
  let lxd: FakeDaemon;
  before(async () => {
    lxd = await startFakeLxd();
  });
  after(() => lxd.stop());

  it('lists trusted certificates', () => {
    assert.deepEqual(
      [...genLxdCertificates(lxd.context('lxd_certificates'))],
      [
        {
          name: 'castiana',
          type: 'client',
          fingerprint: 'fd200419b271f1dc2a5591b693cc5774b7f234e1ff8c6b78ad703b6888fe2b69',
          certificate: 'X509 PEM certificate',
        },
      ],
    );
  });
});
