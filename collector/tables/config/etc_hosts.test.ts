import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint, Row } from '../../engine/spec.js';
import { genEtcHosts } from './etc_hosts.js';
import { genEtcProtocols } from './etc_protocols.js';
import { genEtcServices } from './etc_services.js';
import { parseHosts, parseProtocols, parseServices } from './etc_files.js';

function scan(gen: (ctx: ReturnType<typeof createQueryContext>) => Iterable<Row>, table: string, constraints: Constraint[] = []): Row[] {
  return [...gen(createQueryContext({ table, constraints }))];
}

/** `getent <db>` lines split on whitespace: glibc's own parser is the independent source. */
function getent(db: string): string[][] | null {
  const out = spawnSync('getent', [db], { encoding: 'utf8' });
  if (out.error || out.status !== 0) return null;
  return out.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
}

describe('etc_hosts', () => {
  it('etc_hosts has one row per host line of /etc/hosts', () => {
    const rows = scan(genEtcHosts, 'etc_hosts');
    const expected = readFileSync('/etc/hosts', 'utf8').split('\n')
      .map((l) => l.replace(/#.*/, '').trim().split(/\s+/)).filter((f) => f.length > 1);
    assert.deepEqual(rows.map((r) => [r.address, r.hostnames]), expected.map((f) => [f[0], f.slice(1).join(' ')]));
  });

  it('etc_hosts reads a process namespace through pid_with_namespace', () => {
    const rows = scan(genEtcHosts, 'etc_hosts', [{ column: 'pid_with_namespace', op: '=', value: process.pid }]);
    assert.ok(rows.length > 0 && rows.every((r) => r.pid_with_namespace === process.pid));
  });
});
