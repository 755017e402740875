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
  it('lists rules and include directives, following includes as sudo does', () => {
    const path = `${ROOT}/etc/sudoers`;
    const rows = genSudoers(context('sudoers').ctx, path);
    assert.deepEqual(
      rows.map((r) => [String(r.source).slice(ROOT.length), r.header, r.rule_details]),
      [
        ['/etc/sudoers', 'Defaults', 'env_reset'],
        ['/etc/sudoers', 'Defaults', 'secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"'],
        ['/etc/sudoers', 'root', 'ALL=(ALL:ALL) ALL'],
        ['/etc/sudoers', '%sudo', 'ALL=(ALL:ALL) ALL'],
        ['/etc/sudoers', 'includedir', `${ROOT}/etc/sudoers.d`],
        ['/etc/sudoers.d/90-alice', 'alice', 'ALL=(ALL) NOPASSWD: ALL'],
        ['/etc/sudoers', 'include', `${ROOT}/etc/extra`],
        ['/etc/extra', 'bob', 'ALL=(root) NOPASSWD: /usr/bin/systemctl restart nginx'],
      ],
    );
  });

  it('returns no rows when sudoers is absent', () => {
    assert.deepEqual(genSudoers(context('sudoers').ctx, '/nonexistent/sudoers'), []);
  });
});
