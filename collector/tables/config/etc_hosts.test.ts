import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, Row } from '../../engine/spec.js';
import { genEtcHosts } from './etc_hosts.js';

function scan(
  gen: (ctx: ReturnType<typeof createQueryContext>) => Iterable<Row>,
  table: string,
  constraints: Constraint[] = [],
): Row[] {
  return [...gen(createQueryContext({ table, constraints }))];
}

describe('etc_hosts', () => {
  it('etc_hosts has one row per host line of /etc/hosts', () => {
    const rows = scan(genEtcHosts, 'etc_hosts');
    const expected = readFileSync('/etc/hosts', 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim().split(/\s+/))
      .filter((f) => f.length > 1);
    assert.deepEqual(
      rows.map((r) => [r.address, r.hostnames]),
      expected.map((f) => [f[0], f.slice(1).join(' ')]),
    );
  });

  it('etc_hosts reads a process namespace through pid_with_namespace', () => {
    const rows = scan(genEtcHosts, 'etc_hosts', [{ column: 'pid_with_namespace', op: '=', value: process.pid }]);
    assert.ok(rows.length > 0 && rows.every((r) => r.pid_with_namespace === process.pid));
  });
});
