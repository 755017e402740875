import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../common/paths.js';
import { communityIdV1 } from '../../common/community-id.js';
import { OspreyError } from '../../common/errors.js';
import { parseLogText, type SensorKind } from './log-parser.js';

function parseFixture(kind: SensorKind, name: string) {
  const file = fromRoot('sensors/parsers/fixtures', name);
  return parseLogText(kind, 'sensor-1', file, readFileSync(file, 'utf8'));
}

test('zeek conn TSV with a stray leading TAB on the header is normalized to ECS', () => {
  const { events, errors } = parseFixture('zeek', 'test10-conn.log');
  assert.equal(errors.length, 0);
  assert.equal(events.length, 32);
  const first = events[0];
  assert.ok(first);
  assert.equal(first.event.dataset, 'zeek.conn');
  assert.equal(first.timestamp, 1601998366785); // 1601998366.785668 s, floored
  assert.equal(first.source?.ip, '2001:718:2:1663:dc58:6d9:ef13:51a5');
  assert.equal(first.source?.port, 54170);
  assert.equal(first.destination?.port, 53);
  assert.equal(first.network?.transport, 'udp');
  assert.equal(first.network?.protocol, 'dns');
  assert.equal(first.network?.bytes, 37 + 77);
  assert.equal(first.event.duration, 7_707_000);
  assert.equal(first.event.action, 'SF');
  assert.equal(first.zeek_uid, 'CNgrt04tHika5Pgpfi');
  assert.equal(
    first.network?.community_id,
    communityIdV1({
      srcIp: '2001:718:2:1663:dc58:6d9:ef13:51a5',
      dstIp: '2001:718:2:1611:0:1:0:90',
      srcPort: 54170,
      dstPort: 53,
      proto: 17,
    }),
  );
  assert.equal(JSON.parse(first.raw).uid, 'CNgrt04tHika5Pgpfi');
  assert.match(first.id, /^[0-9a-f]{64}$/);
});

test('zeek TSV sets: (empty) is an empty set and unset fields stay absent', () => {
  const { events } = parseFixture('zeek', 'horizontal-conn.log');
  const scan = events.find((e) => e.zeek_uid === 'CeSj4A1BN9nBer0fe9');
  assert.ok(scan);
  assert.deepEqual(JSON.parse(scan.raw).tunnel_parents, []);
  assert.equal(scan.network?.bytes, null);
  assert.equal(scan.event.duration, null);
});

test('zeek conn JSON with dotted ids, and relative timestamps', () => {
  const { events, errors } = parseFixture('zeek', 'test9-conn.log');
  assert.equal(errors.length, 0);
  assert.equal(events.length, 30);
  const http = events.find((e) => e.zeek_uid === 'CeXwwk4XHhkKHn7kag');
  assert.equal(http?.source?.ip, '10.0.2.15');
  assert.equal(http?.destination?.port, 80);
  assert.equal(http?.timestamp, 30043); // 30.043784 s, floored to the ms
});

test('zeek JSON ids spelled as a nested object or with underscores give the same event fields', () => {
  const dotted =
    '{"ts":1.5,"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":1000,"id.resp_h":"10.0.0.2","id.resp_p":80,"proto":"tcp"}';
  const nested =
    '{"ts":1.5,"uid":"C1","id":{"orig_h":"10.0.0.1","orig_p":1000,"resp_h":"10.0.0.2","resp_p":80},"proto":"tcp"}';
  const underscored =
    '{"ts":1.5,"uid":"C1","id_orig_h":"10.0.0.1","id_orig_p":1000,"id_resp_h":"10.0.0.2","id_resp_p":80,"proto":"tcp"}';
  const results = [dotted, nested, underscored].map((text) => parseLogText('zeek', 's', 'conn.log', text).events[0]);
  for (const e of results) {
    assert.equal(e?.source?.ip, '10.0.0.1');
    assert.equal(e?.destination?.port, 80);
    assert.equal(e?.network?.community_id, results[0]?.network?.community_id);
  }
});

test('zeek dns: the TSV and JSON logs of the same traffic give the same events', () => {
  const tsv = parseFixture('zeek', 'wrccdc-dns.log');
  const json = parseFixture('zeek', 'wrccdc-dns.json');
  assert.equal(tsv.errors.length, 0);
  assert.equal(json.errors.length, 0);
  assert.equal(tsv.events.length, 50);
  assert.equal(json.events.length, 50);
  for (let i = 0; i < 50; i++) {
    const a = tsv.events[i];
    const b = json.events[i];
    assert.equal(a?.timestamp, b?.timestamp);
    assert.equal(a?.dns?.question?.name, b?.dns?.question?.name);
    assert.deepEqual(a?.dns?.answers, b?.dns?.answers);
    assert.equal(a?.network?.community_id, b?.network?.community_id);
  }
  const first = tsv.events[0];
  assert.equal(first?.event.dataset, 'zeek.dns');
  assert.deepEqual(first?.dns, {
    question: { name: 'ise.wrccdc.org', type: 'A' },
    answers: ['ise.wrccdc.cpp.edu', '134.71.3.16'],
    response_code: 'NOERROR',
  });
});

test('zeek: masked timestamps are line errors naming the file and line, and the rest is skipped cleanly', () => {
  const { events, errors } = parseFixture('zeek', 'btest-teredo-conn.log');
  assert.equal(events.length, 0);
  assert.ok(errors.length > 10);
  const first = errors[0];
  assert.ok(first instanceof OspreyError);
  assert.equal(first.code, 'DECODE_ERROR');
  assert.match(first.message, /btest-teredo-conn\.log:10: bad or missing ts "XXXXXXXXXX\.XXXXXX"/);
});

test('zeek: a broken line among good ones is counted and the good ones still parse', () => {
  const text =
    '{"ts":1,"id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":2,"proto":"tcp"}\n{"ts":2,"id.orig_h"\n{"ts":3,"id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":2,"proto":"tcp"}\n';
  const { events, errors } = parseLogText('zeek', 's', '/logs/conn.log', text);
  assert.equal(events.length, 2);
  assert.equal(errors.length, 1);
  assert.match(errors[0]?.message ?? '', /^\/logs\/conn\.log:2: not valid JSON/);
});

test('suricata EVE: alert, flow, dns, tls and http records', () => {
  const { events, errors, skipped } = parseFixture('suricata', 'eve-small.log');
  assert.equal(errors.length, 0);
  assert.equal(skipped, 1); // stats has no 5-tuple
  const alert = events.find((e) => e.event.dataset === 'suricata.alert');
  assert.equal(alert?.event.kind, 'alert');
  assert.equal(alert?.alert?.signature_id, 2024833);
  assert.equal(alert?.alert?.severity, 1);
  assert.equal(alert?.tls?.server_name, 'l2.io');
  assert.equal(alert?.timestamp, Date.parse('2018-07-05T19:07:20.910Z'));
  assert.equal(alert?.flow_id, '904992230150281');
  assert.equal(alert?.source?.bytes, 793);
  assert.equal(
    alert?.network?.community_id,
    communityIdV1({ srcIp: '192.168.86.85', dstIp: '192.168.156.70', srcPort: 55641, dstPort: 443, proto: 6 }),
  );
  const flow = events.find((e) => e.event.dataset === 'suricata.flow');
  assert.equal(flow?.source?.ip, 'fe80:0000:0000:0000:fada:0cff:fedc:87f1');
  assert.equal(flow?.network?.transport, 'udp');
  assert.equal(flow?.network?.protocol, null);
  const http = events.find((e) => e.event.dataset === 'suricata.http');
  assert.deepEqual(http?.http, { method: 'GET', url: '/dd.xml', host: '192.168.86.28', status_code: 200 });
  const dns = events.find((e) => e.event.dataset === 'suricata.dns');
  assert.deepEqual(dns?.dns?.answers, ['172.217.13.110']);
  const tls = events.find((e) => e.event.dataset === 'suricata.tls');
  assert.equal(tls?.tls?.server_name, 'p33-btmmdns.icloud.com.');
});

test('suricata EVE: dns v1 queries and v2 grouped answers', () => {
  const { events, errors } = parseFixture('suricata', 'eve-dns-4.1.4.log');
  assert.equal(errors.length, 0);
  assert.equal(events.length, 24);
  const query = events[0];
  assert.deepEqual(query?.dns, { question: { name: 'google.com', type: 'A' }, answers: null, response_code: null });
  const v2 = events.find((e) => e.dns?.question?.type === 'AAAA' && e.dns.answers);
  assert.deepEqual(v2?.dns?.answers, ['2607:f8b0:4006:0805:0000:0000:0000:200e']);
  assert.equal(v2?.dns?.response_code, 'NOERROR');
});

test('suricata 6 alert with http attached', () => {
  const { events } = parseFixture('suricata', 'eve-6.0.log');
  assert.equal(events[0]?.alert?.signature, 'GPL ATTACK_RESPONSE id check returned root');
  assert.equal(events[0]?.http?.host, 'testmynids.org');
  assert.equal(events[0]?.timestamp, Date.parse('2021-01-27T00:28:11.488Z'));
});

test('suricata: a line without event_type is an error naming the line', () => {
  const { errors } = parseLogText('suricata', 's', 'eve.json', '{"src_ip":"1.1.1.1"}\n');
  assert.match(errors[0]?.message ?? '', /eve\.json:1: missing event_type/);
});
