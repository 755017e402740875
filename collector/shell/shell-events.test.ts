import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Engine } from '../engine/engine.js';
import { Flags } from '../flags/flags.js';
import { startShellEvents } from './shell-events.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-shell-events-'));
after(() => rmSync(root, { recursive: true, force: true }));
const watched = join(root, 'watched');
mkdirSync(watched);
const configPath = join(root, 'osquery.conf');
writeFileSync(join(root, 'r.yar'), 'rule has_hello { strings: $a = "hello" condition: $a }\n');
writeFileSync(join(watched, 'h.txt'), 'hello');
writeFileSync(
  configPath,
  JSON.stringify({ file_paths: { w: [`${watched}/`] }, yara: { signatures: { g: [join(root, 'r.yar')] } } }),
);

function shellFlags(values: Record<string, string>): Flags {
  const flags = new Flags();
  flags.set('disable_events', 'true'); // the shell's default
  for (const [k, v] of Object.entries(values)) flags.set(k, v);
  return flags;
}

describe('startShellEvents', () => {
  it('starts nothing with events disabled, but gives tables the --config_path config', async () => {
    const reports: string[] = [];
    const events = await startShellEvents(shellFlags({ config_path: configPath }), (m) => reports.push(m));
    const services = events.services();
    assert.equal(services.eventStore, undefined);
    const engine = await Engine.create({ services });
    try {
      const rows = engine.queryRows(`SELECT matches FROM yara WHERE path = '${watched}/h.txt' AND sig_group = 'g'`);
      assert.deepEqual(rows, [{ matches: 'has_hello' }]);
      assert.deepEqual(engine.queryRows('SELECT * FROM file_events'), []);
    } finally {
      engine.close();
      await events.stop();
    }
    assert.deepEqual(reports, []);
  });

  it('runs the publishers with --disable_events=false and reports a config that does not load', async () => {
    const events = await startShellEvents(
      shellFlags({ config_path: configPath, disable_events: 'false', enable_file_events: 'true' }),
      () => undefined,
    );
    const engine = await Engine.create({ services: events.services() });
    try {
      const publisher = engine.queryRows("SELECT active, subscriptions FROM osquery_events WHERE name = 'inotify'");
      assert.deepEqual(publisher, [{ active: 1, subscriptions: 1 }]);
    } finally {
      engine.close();
      await events.stop();
    }
    const reports: string[] = [];
    const broken = join(root, 'broken.conf');
    writeFileSync(broken, '{ "file_paths": ');
    const none = await startShellEvents(shellFlags({ config_path: broken }), (m) => reports.push(m));
    await none.stop();
    assert.match(reports[0] ?? '', /The config is invalid; events and yara groups use none/);
  });
});
