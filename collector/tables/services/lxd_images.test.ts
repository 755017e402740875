import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLxd, type FakeDaemon } from './testing.js';
import { genLxdImages } from './lxd_images.js';

describe('lxd_images', () => {
  let lxd: FakeDaemon;
  before(async () => {
    lxd = await startFakeLxd();
  });
  after(() => lxd.stop());

  it('lists images by fingerprint, skipping one without update_source as osquery', () => {
    const rows = [...genLxdImages(lxd.context('lxd_images'))];
    assert.deepEqual(rows, [
      {
        id: '06b86454720d36b20f94e31c6812e05ec51c1b568cf3a8abd273769d213394bb',
        architecture: 'x86_64',
        os: 'Ubuntu',
        release: 'focal',
        description: 'Ubuntu focal amd64 (20210324_07:42)',
        aliases: 'ubuntu-20.04,focal',
        filename: '06b86454720d36b20f94e31c6812e05ec51c1b568cf3a8abd273769d213394bb.tar.xz',
        size: 272237676,
        auto_update: 1,
        cached: 0,
        public: 0,
        created_at: '2021-03-24T14:18:15.115036787-04:00',
        expires_at: '2025-03-23T20:00:00-04:00',
        uploaded_at: '2021-03-24T14:18:15.115036787-04:00',
        last_used_at: '2021-03-22T20:39:00.575185384-04:00',
        update_source_server: 'https://images.linuxcontainers.org',
        update_source_protocol: 'simplestreams',
        update_source_certificate: 'X509 PEM certificate',
        update_source_alias: 'ubuntu/20.04',
      },
    ]);
  });

  it('reports a requested image under the id given', async () => {
    const rows = [
      ...genLxdImages(
        lxd.context('lxd_images', [
          { column: 'id', op: '=', value: '06b86454720d36b20f94e31c6812e05ec51c1b568cf3a8abd273769d213394bb' },
        ]),
      ),
    ];
    assert.deepEqual(
      rows.map((r) => [r.id, r.release]),
      [['06b86454720d36b20f94e31c6812e05ec51c1b568cf3a8abd273769d213394bb', 'focal']],
    );
    await lxd.requested(/^GET \/1\.0\/images\/06b8/);
  });
});
