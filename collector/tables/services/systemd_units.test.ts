import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Row } from '../../engine/spec.js';
import { busLabelEscape, genSystemdUnits } from './systemd_units.js';
import { parseUnitFile } from './unit-files.js';

function run(): Row[] {
  return [...genSystemdUnits(createQueryContext({ table: 'systemd_units' }))];
}

describe('systemd_units', () => {
  it('parses unit files with comments and continuation lines', () => {
    const bad: string[] = [];
    const s = parseUnitFile(
      '[Unit]\nDescription=My \\\n  daemon\n# comment\n[Service]\nUser=www\nExecStart=/bin/d\n[Install]\nWantedBy=multi-user.target\nstray\n',
      (r) => bad.push(r),
    );
    assert.equal(s.get('Unit')?.get('Description'), 'My    daemon');
    assert.equal(s.get('Service')?.get('User'), 'www');
    assert.ok(s.has('Install'));
    assert.equal(bad.length, 1);
  });

  it('escapes unit names into D-Bus object paths as sd-bus does', () => {
    assert.equal(busLabelEscape('ssh.service'), 'ssh_2eservice');
    assert.equal(busLabelEscape('getty@tty1.service'), 'getty_40tty1_2eservice');
  });

  it('agrees with systemctl list-unit-files on every non-template unit file state', (t) => {
    const out = spawnSync('systemctl', ['list-unit-files', '--no-legend', '--no-pager'], { encoding: 'utf8' });
    if (out.error || out.status !== 0) return t.skip('systemctl is not available: cross-check skipped');
    const rows = new Map(run().map((r) => [r.id, r]));
    let compared = 0;
    for (const line of out.stdout.trim().split('\n')) {
      const [unit = '', state = ''] = line.trim().split(/\s+/);
      if (unit.includes('@.') || !['enabled', 'disabled', 'static', 'masked', 'alias'].includes(state)) continue;
      assert.equal(rows.get(unit)?.unit_file_state, state, unit);
      compared++;
    }
    assert.ok(compared > 0);
  });

  it('reports every unit inactive when systemd is not running, with fragment paths and descriptions', () => {
    const rows = run();
    assert.ok(rows.length > 0);
    if (!existsSync('/run/systemd/system'))
      assert.ok(rows.every((r) => r.active_state === 'inactive' && r.sub_state === 'dead'));
    for (const r of rows.filter((x) => x.load_state === 'loaded')) {
      assert.ok(existsSync(String(r.fragment_path)), `${r.id} loads from ${r.fragment_path}`);
      assert.ok(typeof r.description === 'string' && r.description !== '');
    }
  });
});
