import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, Row } from '../../engine/spec.js';
import { genEtcProtocols } from './etc_protocols.js';

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

describe('etc_protocols', () => {
  it('etc_protocols agrees with getent protocols', (t) => {
    const expected = getent('protocols');
    if (!expected) return t.skip('getent protocols is not available: cross-check skipped');
    const rows = scan(genEtcProtocols, 'etc_protocols');
    assert.deepEqual(
      rows.map((r) => [r.name, String(r.number), ...String(r.alias).split(' ').filter(Boolean)]),
      expected,
    );
  });
});
