import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { genSshConfigs, parseSshConfig } from './ssh_configs.js';
import { canChown, makeUserRoot, type UserRoot } from './testing.js';

const context = (constraints: Constraint[] = []) => createQueryContext({ table: 'ssh_configs', constraints });

describe('ssh_configs', { skip: !canChown && 'needs root to give fixture homes to their users' }, () => {
  let tree: UserRoot;
  before(() => {
    tree = makeUserRoot();
  });
  after(() => tree.cleanup());

  it("lists each option of a user's config and the system config under its block, lowercased", () => {
    const rows = genSshConfigs(context(), tree.root);
    assert.deepEqual(
      rows.map((r) => [r.uid, r.block, r.option, r.ssh_config_file]),
      [
        [1000, 'host bastion', 'hostname 192.0.2.7', '/home/alice/.ssh/config'],
        [1000, 'host bastion', 'user alice', '/home/alice/.ssh/config'],
        [1000, 'match host *.example.org exec "true"', 'forwardagent no', '/home/alice/.ssh/config'],
        [0, '', 'include /etc/ssh/ssh_config.d/*.conf', '/etc/ssh/ssh_config'],
        [0, 'host *', 'sendenv lang lc_*', '/etc/ssh/ssh_config'],
        [0, 'host *', 'hashknownhosts yes', '/etc/ssh/ssh_config'],
      ],
    );
  });

  it('reads only the users a uid constraint names (the system file is uid 0)', () => {
    const rows = genSshConfigs(context([{ column: 'uid', op: '=', value: 1001 }]), tree.root);
    assert.deepEqual([...new Set(rows.map((r) => r.uid))], [0]);
  });
});

describe('parseSshConfig', () => {
  it('skips comments and blank lines; a Match line opens a block like Host', () => {
    assert.deepEqual(parseSshConfig('  # c\n\nMATCH user x\n  Port 22\n', 5, '/f'), [
      { uid: 5, block: 'match user x', option: 'port 22', ssh_config_file: '/f' },
    ]);
  });
});
