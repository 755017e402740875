import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { OspreyError } from '../common/errors.js';
import { loadStageConfig } from '../common/stage-kit/stage-config.js';
import { enricherConfig } from './config.js';

test('an empty config is a working embedded-bus enricher with the documented defaults', () => {
  const config = enricherConfig.parse({});
  assert.equal(config.bus.type, 'embedded');
  assert.equal(config.topics.results, 'osprey.results');
  assert.equal(config.topics.hosts, 'osprey.hosts');
  assert.equal(config.waitMs, 2000);
  assert.deepEqual(config.intel.ips, []);
});

test('every error in a config file is reported with the file and its path', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-enricher-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'enricher.yml');
  writeFileSync(
    file,
    'bus: { type: kafka, brokers: [] }\ntopics: { results: "bad topic!" }\nintel: { ips: [42] }\nwaitMs: -1\ncacheSize: 5\n',
  );
  assert.throws(
    () => loadStageConfig(enricherConfig, file),
    (err: unknown) => {
      assert.ok(err instanceof OspreyError);
      assert.equal(err.code, 'CONFIG_INVALID');
      for (const path of ['bus.brokers', 'topics.results', 'intel.ips.0', 'waitMs', '(root)'])
        assert.ok(err.message.includes(`${file}: ${path}:`), `${path} in ${err.message}`);
      assert.match(err.message, /cacheSize/);
      return true;
    },
  );
});
