import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { genSudoers } from './sudoers.js';

const ROOT = fromRoot('collector/tables/users/fixtures/root');

function context(table: string, constraints: Constraint[] = []) {
  const skipped: string[] = [];
  const ctx = createQueryContext({ table, constraints, errors: { skip: (reason) => skipped.push(reason) } });
  return { ctx, skipped };
}

describe('sudoers', () => {
  it('lists rules and include directives as osquery 5 does (headers as written, continuations joined)', () => {
    const path = `${ROOT}/etc/sudoers`;
    const rows = genSudoers(context('sudoers').ctx, path);
    assert.deepEqual(
      rows.map((r) => [String(r.source).slice(ROOT.length), r.header, r.rule_details]),
      [
        ['/etc/sudoers', 'Defaults', 'env_reset'],
        ['/etc/sudoers', 'Defaults', 'secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"'],
        ['/etc/sudoers', 'root', 'ALL=(ALL:ALL) ALL'],
        ['/etc/sudoers', '%sudo', 'ALL=(ALL:ALL) ALL'],
        ['/etc/sudoers', '@includedir', 'sudoers.d'],
        ['/etc/sudoers.d/90-alice', 'alice', 'ALL=(ALL) NOPASSWD: ALL'],
        ['/etc/sudoers', '#include', 'extra'],
        ['/etc/extra', 'bob', 'ALL=(root) NOPASSWD: /usr/bin/systemctl restart nginx'],
        // The backslash goes and the next (trimmed) line is appended as is, as osquery's genSudoersFile does.
        [
          '/etc/extra',
          'Cmnd_Alias',
          'SERVICES = /usr/bin/systemctl start, /usr/bin/systemctl stop, /usr/bin/systemctl status',
        ],
        // rule_details keeps the text after the header as written, inner spacing included.
        ['/etc/extra', 'carol', 'ALL=(ALL)   SERVICES'],
      ],
    );
  });

  it('returns no rows when sudoers is absent', () => {
    assert.deepEqual(genSudoers(context('sudoers').ctx, '/nonexistent/sudoers'), []);
  });
});
