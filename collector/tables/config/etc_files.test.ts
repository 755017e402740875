import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHosts, parseProtocols, parseServices } from './etc_files.js';

describe('etc file parsers', () => {
  it('parse comments, aliases and malformed lines like osquery', () => {
    assert.deepEqual(parseHosts('127.0.0.1 localhost loopback # local\n# comment\n::1\tip6-localhost\nlonely\n'), [
      { address: '127.0.0.1', hostnames: 'localhost loopback' },
      { address: '::1', hostnames: 'ip6-localhost' },
    ]);
    const bad: string[] = [];
    assert.deepEqual(
      parseServices('ssh\t22/tcp\t\t# SSH Remote Login\nsmtp 25/tcp mail\nbroken 25\n', (r) => bad.push(r)),
      [
        { name: 'ssh', port: 22, protocol: 'tcp', aliases: '', comment: 'SSH Remote Login' },
        { name: 'smtp', port: 25, protocol: 'tcp', aliases: 'mail', comment: undefined },
      ],
    );
    assert.deepEqual(
      parseProtocols('icmp\t1\tICMP\t\t# control\nx y\n', (r) => bad.push(r)),
      [{ name: 'icmp', number: 1, alias: 'ICMP', comment: 'control' }],
    );
    assert.equal(bad.length, 2);
  });
});
