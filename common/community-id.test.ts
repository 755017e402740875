import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressBytes, communityIdV1, communityIdV1Hex, protocolNumber } from './community-id.js';
import { OspreyError } from './errors.js';

const V6_SRC = 'fe80:0001:0203:0405:0607:0809:0A0B:0C0D';
const V6_DST = 'fe80:1011:1213:1415:1617:1819:1A1B:1C1D';

// Vectors from corelight/community-id-spec (README and baseline/), seed 0 unless stated.
const VECTORS: Array<[string, Parameters<typeof communityIdV1>[0], string]> = [
  [
    'tcp',
    { srcIp: '1.2.3.4', dstIp: '5.6.7.8', srcPort: 1122, dstPort: 3344, proto: 6 },
    '1:wCb3OG7yAFWelaUydu0D+125CLM=',
  ],
  [
    'tcp reversed',
    { srcIp: '5.6.7.8', dstIp: '1.2.3.4', srcPort: 3344, dstPort: 1122, proto: 6 },
    '1:wCb3OG7yAFWelaUydu0D+125CLM=',
  ],
  [
    'udp',
    { srcIp: '1.2.3.4', dstIp: '5.6.7.8', srcPort: 1122, dstPort: 3344, proto: 17 },
    '1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=',
  ],
  [
    'sctp',
    { srcIp: '1.2.3.4', dstIp: '5.6.7.8', srcPort: 1122, dstPort: 3344, proto: 132 },
    '1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=',
  ],
  [
    'icmp echo request',
    { srcIp: '1.2.3.4', dstIp: '5.6.7.8', srcPort: 8, dstPort: 0, proto: 1 },
    '1:crodRHL2FEsHjbv3UkRrfbs4bZ0=',
  ],
  [
    'icmp echo reply',
    { srcIp: '5.6.7.8', dstIp: '1.2.3.4', srcPort: 0, dstPort: 0, proto: 1 },
    '1:crodRHL2FEsHjbv3UkRrfbs4bZ0=',
  ],
  [
    'icmp time exceeded (one-way)',
    { srcIp: '1.2.3.4', dstIp: '5.6.7.8', srcPort: 11, dstPort: 0, proto: 1 },
    '1:f/YiSyWqczrTgfUCZlBUnvHRcPk=',
  ],
  [
    'icmp6 echo request',
    { srcIp: V6_SRC, dstIp: V6_DST, srcPort: 128, dstPort: 0, proto: 58 },
    '1:0bf7hyMJUwt3fMED7z8LIfRpBeo=',
  ],
  [
    'icmp6 echo reply',
    { srcIp: V6_DST, dstIp: V6_SRC, srcPort: 129, dstPort: 0, proto: 58 },
    '1:0bf7hyMJUwt3fMED7z8LIfRpBeo=',
  ],
  [
    'icmp6 one-way',
    { srcIp: V6_SRC, dstIp: V6_DST, srcPort: 146, dstPort: 0, proto: 58 },
    '1:fYC8+pz24E+EhANP1EZhpX0Dw10=',
  ],
  [
    'rsvp v4 (no ports)',
    { srcIp: '1.2.3.4', dstIp: '5.6.7.8', srcPort: 0, dstPort: 0, proto: 46 },
    '1:ikv3kmf89luf73WPz1jOs49S768=',
  ],
  [
    'rsvp v6 (no ports)',
    { srcIp: V6_SRC, dstIp: V6_DST, srcPort: 0, dstPort: 0, proto: 46 },
    '1:wQ/2mwrnXP4lmJcHdGL5ePjR+e0=',
  ],
  [
    'tcp seed 1',
    { srcIp: '1.2.3.4', dstIp: '5.6.7.8', srcPort: 1122, dstPort: 3344, proto: 6, seed: 1 },
    '1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=',
  ],
];

for (const [name, input, expected] of VECTORS) {
  test(`community id v1: ${name}`, () => {
    assert.equal(communityIdV1(input), expected);
  });
}

test('community id v1 without base64 matches the spec hex form', () => {
  const hex = communityIdV1Hex({ srcIp: '1.2.3.4', dstIp: '5.6.7.8', srcPort: 1122, dstPort: 3344, proto: 6 });
  assert.equal(hex, '1:c026f7386ef200559e95a53276ed03fb5db908b3');
});

test('one-way icmp differs by direction', () => {
  const a = communityIdV1({ srcIp: '1.2.3.4', dstIp: '5.6.7.8', srcPort: 11, dstPort: 0, proto: 1 });
  const b = communityIdV1({ srcIp: '5.6.7.8', dstIp: '1.2.3.4', srcPort: 11, dstPort: 0, proto: 1 });
  assert.notEqual(a, b);
});

test('ipv6 spellings give the same bytes', () => {
  assert.deepEqual(addressBytes('::1'), addressBytes('0:0:0:0:0:0:0:1'));
  assert.deepEqual(addressBytes('ff02::1:2'), addressBytes('ff02:0000:0000:0000:0000:0000:0001:0002'));
  assert.deepEqual([...addressBytes('::ffff:1.2.3.4').subarray(10)], [0xff, 0xff, 1, 2, 3, 4]);
  assert.equal(addressBytes('fe80::1%eth0').length, 16);
});

test('bad addresses and mixed families are named in the error', () => {
  assert.throws(
    () => communityIdV1({ srcIp: 'nope', dstIp: '1.2.3.4', srcPort: 1, dstPort: 2, proto: 6 }),
    (e: unknown) => e instanceof OspreyError && e.code === 'DECODE_ERROR' && e.message.includes('nope'),
  );
  assert.throws(
    () => communityIdV1({ srcIp: '::1', dstIp: '1.2.3.4', srcPort: 1, dstPort: 2, proto: 6 }),
    /one family/,
  );
});

test('protocol names map to IANA numbers', () => {
  assert.equal(protocolNumber('TCP'), 6);
  assert.equal(protocolNumber('udp'), 17);
  assert.equal(protocolNumber('IPv6-ICMP'), 58);
  assert.equal(protocolNumber('47'), 47);
  assert.equal(protocolNumber('bogus'), undefined);
});
