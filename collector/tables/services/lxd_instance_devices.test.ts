import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLxd, type FakeDaemon } from './testing.js';
import { genLxdInstanceDevices } from './lxd_instance_devices.js';

describe('lxd_instance_devices', () => {
  let lxd: FakeDaemon;
  before(async () => {
    lxd = await startFakeLxd();
  });
  after(() => lxd.stop());

  it('gives a row per setting of each expanded device, its type as device_type', () => {
    const rows = [
      ...genLxdInstanceDevices(lxd.context('lxd_instance_devices', [{ column: 'name', op: '=', value: 'foo' }])),
    ];
    assert.deepEqual(
      rows.map((r) => [r.name, r.device, r.device_type, r.key, r.value]),
      [
        ['foo', 'eth0', 'nic', 'name', 'eth0'],
        ['foo', 'eth0', 'nic', 'network', 'lxdbr0'],
        ['foo', 'root', 'disk', 'path', '/'],
        ['foo', 'root', 'disk', 'pool', 'default'],
      ],
    );
  });
});
