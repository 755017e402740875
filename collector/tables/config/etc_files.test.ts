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

describe('etc file parsers', () => {
  it('parse comments, aliases and malformed lines like osquery', () => {
    assert.deepEqual(parseHosts('127.0.0.1 localhost loopback # local\n# comment\n::1\tip6-localhost\nlonely\n'), [
      { address: '127.0.0.1', hostnames: 'localhost loopback' },
      { address: '::1', hostnames: 'ip6-localhost' },
    ]);
    const bad: string[] = [];
    assert.deepEqual(parseServices('ssh\t22/tcp\t\t# SSH Remote Login\nsmtp 25/tcp mail\nbroken 25\n', (r) => bad.push(r)), [
      { name: 'ssh', port: 22, protocol: 'tcp', aliases: '', comment: 'SSH Remote Login' },
      { name: 'smtp', port: 25, protocol: 'tcp', aliases: 'mail', comment: undefined },
    ]);
    assert.deepEqual(parseProtocols('icmp\t1\tICMP\t\t# control\nx y\n', (r) => bad.push(r)), [
      { name: 'icmp', number: 1, alias: 'ICMP', comment: 'control' },
    ]);
    assert.equal(bad.length, 2);
  });
});
