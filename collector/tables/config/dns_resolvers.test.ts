import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genDnsResolvers, parseResolvConf } from './dns_resolvers.js';

describe('dns_resolvers', () => {
  it('parses nameservers, search, sortlist and options as glibc does', () => {
    const config = parseResolvConf(
      [
        '# comment',
        'nameserver 10.0.0.1',
        'nameserver fd00::53',
        'nameserver not-an-ip',
        'domain example.org',
        'search a.example b.example',
        'sortlist 130.155.160.0/255.255.240.0 10.0.0.0',
        'options rotate edns0 ndots:2',
        'nameserver 10.0.0.2',
        'nameserver 10.0.0.3',
      ].join('\n'),
    );
    assert.deepEqual(config.nameservers, ['10.0.0.1', 'fd00::53', '10.0.0.2'], 'at most 3 (MAXNS)');
    assert.deepEqual(config.search, ['a.example', 'b.example'], 'the last of domain/search wins');
    assert.deepEqual(config.sortlist, [
      { address: '130.155.160.0', netmask: '255.255.240.0' },
      { address: '10.0.0.0', netmask: '255.0.0.0' },
    ]);
    assert.equal(config.options, 0x1 | 0x2c0 | 0x4000 | 0x100000);
  });

  it('defaults to 127.0.0.1 without a nameserver line', () => {
    assert.deepEqual(parseResolvConf('options rotate\n').nameservers, ['127.0.0.1']);
  });

  it("reports this host's /etc/resolv.conf nameservers in order with ids and masks", () => {
    const rows = [...genDnsResolvers(createQueryContext({ table: 'dns_resolvers' }))];
    const expected = readFileSync('/etc/resolv.conf', 'utf8')
      .split('\n')
      .map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1])
      .filter((a): a is string => a !== undefined)
      .slice(0, 3);
    const servers = rows.filter((r) => r.type === 'nameserver');
    assert.deepEqual(
      servers.map((r) => r.address),
      expected.length > 0 ? expected : ['127.0.0.1'],
    );
    assert.deepEqual(
      servers.map((r) => r.id),
      servers.map((_, i) => i),
    );
    assert.ok(servers.every((r) => r.netmask === (String(r.address).includes(':') ? '128' : '32')));
    assert.ok(rows.every((r) => typeof r.options === 'number' && (Number(r.options) & 1) === 1));
  });
});
