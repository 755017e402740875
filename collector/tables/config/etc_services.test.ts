import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, Row } from '../../engine/spec.js';
import { genEtcServices } from './etc_services.js';

function scan(
  gen: (ctx: ReturnType<typeof createQueryContext>) => Iterable<Row>,
  table: string,
  constraints: Constraint[] = [],
): Row[] {
  return [...gen(createQueryContext({ table, constraints }))];
}

/** `getent <db>` lines split on whitespace: glibc's own parser is the independent source. */
function getent(db: string): string[][] | null {
  const out = spawnSync('getent', [db], { encoding: 'utf8' });
  if (out.error || out.status !== 0) return null;
  return out.stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
}

describe('etc_services', () => {
  it('etc_services agrees with getent services', (t) => {
    const expected = getent('services');
    if (!expected) return t.skip('getent services is not available: cross-check skipped');
    const rows = scan(genEtcServices, 'etc_services');
    assert.deepEqual(
      rows.map((r) => [r.name, `${r.port}/${r.protocol}`, ...String(r.aliases).split(' ').filter(Boolean)]),
      expected,
    );
  });
});
