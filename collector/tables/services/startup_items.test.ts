import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genStartupItems } from './startup_items.js';
import { genSystemdUnits } from './systemd_units.js';

describe('startup_items', () => {
  const rows = [...genStartupItems(createQueryContext({ table: 'startup_items' }))];

  it('lists every /etc/init.d script as an enabled startup item', () => {
    let scripts: string[] = [];
    try {
      scripts = readdirSync('/etc/init.d')
        .filter((f) => statSync(`/etc/init.d/${f}`).isFile())
        .sort();
    } catch {
      scripts = [];
    }
    const listed = rows.filter((r) => r.source === '/etc/init.d/');
    assert.deepEqual(
      listed.map((r) => r.name),
      scripts,
    );
    assert.ok(listed.every((r) => r.status === 'enabled' && r.path === `/etc/init.d/${String(r.name)}`));
  });

  it('lists each systemd unit with its fragment path and active state', () => {
    const units = [...genSystemdUnits(createQueryContext({ table: 'systemd_units' }))];
    const systemd = rows.filter((r) => r.type === 'systemd unit');
    assert.equal(systemd.length, units.length);
    for (const u of units) {
      const item = systemd.find((r) => r.name === u.id);
      assert.deepEqual([item?.path, item?.status, item?.username], [u.fragment_path, u.active_state, u.user]);
    }
  });
});
