import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLxd, type FakeDaemon } from './testing.js';
import { genLxdInstanceConfig } from './lxd_instance_config.js';

describe('lxd_instance_config', () => {
  let lxd: FakeDaemon;
  before(async () => {
    lxd = await startFakeLxd();
  });
  after(() => lxd.stop());

  it("gives a row per key of the named instance's own config", () => {
    const rows = [
      ...genLxdInstanceConfig(lxd.context('lxd_instance_config', [{ column: 'name', op: '=', value: 'foo' }])),
    ];
    assert.deepEqual(
      rows.map((r) => [r.name, r.key, r.value]),
      [
        ['foo', 'security.nesting', 'true'],
        ['foo', 'image.os', 'ubuntu'],
        ['foo', 'volatile.base_image', '06b86454720d36b20f94e31c6812e05ec51c1b568cf3a8abd273769d213394bb'],
        ['foo', 'volatile.eth0.hwaddr', '00:16:3e:a1:b2:c3'],
      ],
    );
  });

  it('gives nothing for an unknown instance', () => {
    assert.deepEqual(
      [...genLxdInstanceConfig(lxd.context('lxd_instance_config', [{ column: 'name', op: '=', value: 'nope' }]))],
      [],
    );
  });
});
