/** The YARA tables with YARA-X: real rules (text, files, config groups) over real files, through SQL. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../../common/logger.js';
import { Engine } from '../../engine/engine.js';
import type { Row } from '../../engine/spec.js';
import { PUBLISHERS } from '../../events/publishers/registry.js';
import { EventRuntime } from '../../events/runtime.js';
import { EventStore } from '../../events/store.js';
import { Flags } from '../../flags/flags.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { compileRules, scanColumns } from '../../files/yarax.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-yara-'));
after(() => rmSync(root, { recursive: true, force: true }));
const files = join(root, 'files');
const rules = join(root, 'rules');
mkdirSync(files);
mkdirSync(rules);
writeFileSync(join(files, 'evil.bin'), 'header EVIL_MARKER trailer');
writeFileSync(join(files, 'clean.txt'), 'nothing to see');
writeFileSync(
  join(rules, 'evil.yar'),
  'rule evil_marker : malware test { strings: $m = "EVIL_MARKER" condition: $m }\n',
);
writeFileSync(join(rules, 'size.yar'), 'rule small_file { condition: filesize < 100 }\n');
writeFileSync(join(rules, 'broken.yar'), 'rule broken { condition: $nope }\n');

const config = {
  yara: { signatures: { malware: [join(rules, 'evil.yar')], all: [join(rules, 'evil.yar'), join(rules, 'size.yar')] } },
};

describe('yara table', () => {
  let engine: Engine;
  const flags = new Flags();
  const rows = (sql: string): Row[] => engine.queryRows(sql);
  before(async () => {
    engine = await Engine.create({ services: { flags, config: () => config } });
  });
  after(() => engine.close());

  it('scans with an inline sigrule', () => {
    const out = rows(
      `SELECT path, matches, count, tags FROM yara WHERE path = '${files}/evil.bin'
       AND sigrule = 'rule evil_marker : malware test { strings: $m = "EVIL_MARKER" condition: $m }'`,
    );
    assert.deepEqual(out, [{ path: `${files}/evil.bin`, matches: 'evil_marker', count: 1, tags: 'malware,test' }]);
  });

  it('scans every file a LIKE pattern names with a rule file, one row per file', () => {
    const out = rows(
      `SELECT path, count, sigfile FROM yara_file WHERE path LIKE '${files}/%' AND sigfile = '${rules}/evil.yar'`,
    );
    assert.deepEqual(
      out.sort((a, b) => String(a.path).localeCompare(String(b.path))),
      [
        { path: `${files}/clean.txt`, count: 0, sigfile: `${rules}/evil.yar` },
        { path: `${files}/evil.bin`, count: 1, sigfile: `${rules}/evil.yar` },
      ],
    );
  });

  it('uses config signature groups, several rule files compiled as one set', () => {
    const out = rows(
      `SELECT matches, count, sig_group FROM yara WHERE path = '${files}/evil.bin' AND sig_group = 'all'`,
    );
    assert.deepEqual(out, [{ matches: 'evil_marker,small_file', count: 2, sig_group: 'all' }]);
  });

  it('returns matched strings only with --enable_yara_string', () => {
    const sql = `SELECT strings FROM yara WHERE path = '${files}/evil.bin' AND sigfile = '${rules}/evil.yar'`;
    assert.deepEqual(rows(sql), [{ strings: '' }]);
    flags.set('enable_yara_string', 'true');
    try {
      assert.deepEqual(rows(sql), [{ strings: '$m:7' }]);
    } finally {
      flags.set('enable_yara_string', 'false');
    }
  });

  it('fails clearly without a rule source, with a broken rule, an unknown group or a sigurl', () => {
    assert.throws(
      () => rows(`SELECT * FROM yara WHERE path = '${files}/evil.bin'`),
      /needs one of sig_group, sigfile or sigrule/,
    );
    assert.throws(
      () => rows(`SELECT * FROM yara WHERE path = '${files}/evil.bin' AND sigfile = '${rules}/broken.yar'`),
      /YARA rules in .*broken\.yar do not compile/,
    );
    assert.throws(
      () => rows(`SELECT * FROM yara WHERE path = '${files}/evil.bin' AND sig_group = 'nope'`),
      /group nope is not in/,
    );
    assert.throws(
      () => rows(`SELECT * FROM yara WHERE path = '/etc/hostname' AND sigurl = 'https://x/y.yar'`),
      /sigurl is not supported/,
    );
  });

  it('compiles a rule source once', () => {
    const source = 'rule cached { condition: true }';
    assert.equal(compileRules(source, 'test'), compileRules(source, 'test'));
    assert.deepEqual(scanColumns([], true), { matches: '', count: 0, strings: '', tags: '' });
  });
});

describe('yara_events', () => {
  it('scans files created under file_paths categories mapped in yara.file_paths', async () => {
    const watched = join(root, 'watched');
    mkdirSync(watched, { recursive: true });
    const flags = new Flags();
    flags.set('disable_events', 'false');
    flags.set('enable_file_events', 'true');
    flags.set('yara_delay', '0');
    const eventConfig = {
      ...config,
      file_paths: { downloads: [`${watched}/`] },
      yara: { ...config.yara, file_paths: { downloads: ['malware'] } },
    };
    const store = new EventStore({ flags });
    const runtime = new EventRuntime({
      flags,
      log: silentLogger(),
      sink: store,
      publishers: PUBLISHERS,
      config: () => eventConfig,
    });
    const engine = await Engine.create({ services: { flags, eventStore: store, config: () => eventConfig } });
    try {
      await runtime.start();
      writeFileSync(join(watched, 'clean.txt'), 'plain');
      writeFileSync(join(watched, 'dropper.bin'), 'xx EVIL_MARKER xx');
      const scanned = (): Row[] =>
        engine.queryRows('SELECT target_path, category, action, matches, count, tags FROM yara_events');
      const hit = await waitFor('the scan of the dropper', () => scanned().find((r) => r.count === 1), {
        context: () => JSON.stringify(scanned()),
      });
      assert.deepEqual(hit, {
        target_path: join(watched, 'dropper.bin'),
        category: 'downloads',
        action: hit?.action,
        matches: 'evil_marker',
        count: 1,
        tags: 'malware,test',
      });
      assert.ok(['CREATED', 'UPDATED'].includes(String(hit?.action)));
      // Clean files are recorded too (each file is scanned on its own event, in either order).
      await waitFor('the scan of the clean file', () =>
        scanned().some((r) => r.target_path === join(watched, 'clean.txt') && r.count === 0),
      );
      const subscriber = runtime.rows().find((r) => r.name === 'yara_events');
      assert.equal(subscriber?.subscriptions, 1);
    } finally {
      await runtime.stop();
      engine.close();
      store.close();
    }
  });
});
