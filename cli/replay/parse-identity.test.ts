/**
 * The replay parse path is tuned for speed (issue #20); what it produces must not move. Every Zeek, EVE and osquery
 * fixture, plus synthetic lines for the edge cases the fast paths touch (UTF-8 text, CRLF endings, gzip, nested and
 * underscore ids, TSV escapes, broken lines), is loaded and its records, file summaries and malformed list hashed.
 * The digests were taken from the parsers before the tuning (main at 48894c5); a change in any document, id, time or
 * order changes them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fromRoot } from '../../common/paths.js';
import { loadRecords } from './stream.js';

const FIXTURES = [
  'sensors/parsers/fixtures/btest-teredo-conn.log',
  'sensors/parsers/fixtures/eve-6.0.log',
  'sensors/parsers/fixtures/eve-dns-4.1.4.log',
  'sensors/parsers/fixtures/eve-small.log',
  'sensors/parsers/fixtures/horizontal-conn.log',
  'sensors/parsers/fixtures/test10-conn.log',
  'sensors/parsers/fixtures/test9-conn.log',
  'sensors/parsers/fixtures/test9-dns.log',
  'sensors/parsers/fixtures/vertical-conn.log',
  'sensors/parsers/fixtures/wrccdc-dns.json',
  'sensors/parsers/fixtures/wrccdc-dns.log',
  'cli/replay/fixtures/horizontal-labelled-conn.log',
  'cli/replay/fixtures/osquery-results.log',
  'cli/replay/fixtures/test10-extract-conn.log',
  'cli/replay/fixtures/test9-extract-conn.log',
];

/** Lines no fixture has: multi-byte UTF-8, CRLF, `id: {}` and `id_orig_h` ids, a `\x` escape, broken records. */
const SYNTHETIC: Record<string, string> = {
  'zeek-edge-dns.json': [
    '{"_path":"dns","ts":1521911720.5,"uid":"Cé1","id.orig_h":"10.0.0.1","id.orig_p":5353,"id.resp_h":"10.0.0.2","id.resp_p":53,"proto":"udp","query":"café.example","answers":["1.2.3.4"],"TTLs":[30.0]}',
    '{"_path":"conn","ts":"2018-03-24T17:15:20.865716Z","uid":"C2","id":{"orig_h":"fe80::1","orig_p":1,"resp_h":"fe80::2","resp_p":2},"proto":"tcp","duration":0.25,"orig_bytes":10,"resp_bytes":0}\r',
    '  {"_path":"conn","ts":1521911721,"uid":"C3","id_orig_h":"10.0.0.3","id_orig_p":80,"id_resp_h":"10.0.0.4","id_resp_p":8080,"proto":"TCP","note":"\\u00e9\\/x"}  ',
    '{"_path":"conn","ts":1521911722,"uid":"C4","id.orig_h":"10.0.0.5","id.resp_h":"10.0.0.6","proto":"icmp","id.orig_p":8,"id.resp_p":0,"emoji":"🦅"}',
    '{"_path":"conn","ts":1521911723,"uid":"C5"}',
    '{not json',
    '',
    '{"_path":"weird","ts":1}',
  ].join('\n'),
  'edge-conn.log': [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\ttunnel_parents',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tset[string]',
    '1300475167.096535\tCx\t141.142.220.202\t5353\t224.0.0.251\t5353\tudp\tdns\\x2cx\t-\t(empty)',
    '1300475168.5\tCy\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\tsérvice\t0.5\ta,b\r',
    '1300475169\ttoo\tfew',
  ].join('\n'),
  'eve-edge.json': [
    '{"timestamp":"2020-01-01T00:00:00.123456-0400","flow_id":1234567890123456789,"event_type":"dns","src_ip":"10.0.0.1","src_port":5353,"dest_ip":"10.0.0.2","dest_port":53,"proto":"UDP","dns":{"type":"query","rrname":"ünï.example","rrtype":"A"}}',
    '{"timestamp": "2020-01-01T00:00:01+0000", "flow_id": 42, "event_type": "alert", "src_ip": "10.0.0.1", "dest_ip": "10.0.0.2", "proto": "ICMP", "icmp_type": 8, "icmp_code": 0, "alert": {"signature": "x", "signature_id": 1}}\r',
    '{"timestamp":"2020-01-01T00:00:02Z","event_type":"stats","stats":{}}',
    '{"timestamp":"nope","event_type":"flow","src_ip":"10.0.0.1","dest_ip":"10.0.0.2"}',
  ].join('\n'),
};

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/** Records, summary and malformed of one file, with the file's own directory taken out of names. */
async function loadedDigest(file: string): Promise<string> {
  const loaded = await loadRecords([file], 'identity-sensor');
  const strip = (text: string): string => text.split(file).join(basename(file));
  return digest({
    records: loaded.records,
    files: loaded.files.map((f) => ({ ...f, file: basename(f.file) })),
    malformed: loaded.malformed.map((m) => ({ ...m, file: basename(m.file), reason: strip(m.reason) })),
  });
}

const EXPECTED: Record<string, string> = {
  'btest-teredo-conn.log': 'b1f086e822c15260',
  'edge-conn.log': '4b1c2489444bf402',
  'eve-6.0.log': '9c68ede7a96d7f35',
  'eve-dns-4.1.4.log': 'c4e3fe58e9563b67',
  'eve-edge.json': 'd90f0b31753e70be',
  'eve-small.log': '55f61c7d70762fa3',
  'horizontal-conn.log': 'bb198a9b3f280b58',
  'horizontal-labelled-conn.log': '12d40dc384eb52c0',
  'osquery-results.log': '81432f0e099905c4',
  'test10-conn.log': '942c6147be3b05fe',
  'test10-extract-conn.log': '55c0d055efd8c3ac',
  'test9-conn.log': '6cde44f4ff3e3f31',
  'test9-dns.log': 'aa2b108308ed82c6',
  'test9-extract-conn.log': '46a007d68563f6ea',
  'vertical-conn.log': 'addcefe509347e5f',
  'wrccdc-dns.json': '672e4c54a523f94f',
  'wrccdc-dns.json.gz': 'b25ab35e66f585f9',
  'wrccdc-dns.log': 'aaa092979804f79c',
  'zeek-edge-dns.json': '125ef7dbcdb6ea4c',
};

test('replay parsing yields the same records, ids and malformed lines as before the tuning', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-parse-identity-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const files: string[] = FIXTURES.map((f) => fromRoot(f));
  for (const [name, text] of Object.entries(SYNTHETIC)) {
    writeFileSync(join(dir, name), `${text}\n`);
    files.push(join(dir, name));
  }
  // gzip of a fixture with multi-byte text: same records as the plain file.
  writeFileSync(
    join(dir, 'wrccdc-dns.json.gz'),
    gzipSync(readFileSync(fromRoot('sensors/parsers/fixtures/wrccdc-dns.json'))),
  );
  files.push(join(dir, 'wrccdc-dns.json.gz'));
  const actual: Record<string, string> = {};
  for (const f of files) actual[basename(f)] = await loadedDigest(f);
  if (process.env.PRINT_PARSE_DIGESTS) console.log(JSON.stringify(actual, null, 2));
  assert.deepEqual(actual, EXPECTED);
});
