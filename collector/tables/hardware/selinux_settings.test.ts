import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { genSelinuxSettings, selinuxfsMount, selinuxSettingRows } from './selinux_settings.js';

const ROOT = fromRoot('collector/tables/hardware/fixtures/selinuxfs');

describe('selinux_settings', () => {
  it('reads root keys, booleans, capabilities, initial contexts and classes as osquery does', () => {
    const rows = selinuxSettingRows(ROOT);
    assert.deepEqual(rows.slice(0, 6), [
      { scope: '', key: 'checkreqprot', value: '0' },
      { scope: '', key: 'deny_unknown', value: '0' },
      { scope: '', key: 'enforce', value: '1' },
      { scope: '', key: 'mls', value: '1' },
      { scope: '', key: 'policyvers', value: '33' },
      { scope: '', key: 'reject_unknown', value: '0' },
    ]);
    assert.deepEqual(rows.slice(6), [
      { scope: 'booleans', key: 'httpd_can_network_connect', value: 'on' },
      { scope: 'booleans', key: 'selinuxuser_execmod', value: 'off' },
      // virt_use_nfs is "1 0" (a pending change): osquery skips it.
      { scope: 'policy_capabilities', key: 'cgroup_seclabel', value: '0' },
      { scope: 'policy_capabilities', key: 'network_peer_controls', value: '1' },
      { scope: 'initial_contexts', key: 'kernel', value: 'system_u:system_r:kernel_t:s0\0' },
      { scope: 'class', key: 'file/perms', value: 'read' },
      { scope: 'class', key: 'file/perms', value: 'write' },
      { scope: 'class', key: 'process/perms', value: 'ptrace' },
    ]);
  });

  it('finds selinuxfs in the mount table, and returns no rows without it (as on this machine)', () => {
    assert.equal(
      selinuxfsMount('proc /proc proc rw 0 0\nselinuxfs /sys/fs/selinux selinuxfs rw,relatime 0 0\n'),
      '/sys/fs/selinux',
    );
    assert.equal(selinuxfsMount('proc /proc proc rw 0 0\n'), undefined);
    if (readFileSync('/proc/self/mounts', 'utf8').includes(' selinuxfs ')) return;
    assert.deepEqual(genSelinuxSettings(), []);
  });
});
