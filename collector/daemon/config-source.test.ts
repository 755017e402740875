import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import { waitFor } from '../../test/helpers/wait.js';
import { Daemon } from './daemon.js';
import { daemonFlags } from './flags.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-config-source-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** An in-process extension whose config plugin `inline` serves a schedule, and counts how often it was asked. */
const PLUGIN = `
let calls = 0;
export default {
  name: 'inline-config',
  configs: {
    inline: {
      genConfig() {
        calls += 1;
        return { main: JSON.stringify({ schedule: { from_plugin: { query: 'SELECT ' + calls + ' AS generation', interval: 1 } } }) };
      },
    },
  },
};
`;

function flagsFor(name: string, extra: Record<string, string>) {
  const dir = join(root, name);
  const flags = daemonFlags();
  const values: Record<string, string> = {
    database_path: join(dir, 'db'),
    logger_path: join(dir, 'logs'),
    extensions_socket: join(dir, 'osquery.em'),
    disable_watchdog: 'true',
    osprey_tick_ms: '5',
    schedule_timeout: '0',
    host_identifier: 'specified',
    specified_identifier: 'test-host',
    ...extra,
  };
  for (const [key, value] of Object.entries(values)) flags.set(key, value);
  return { flags, results: join(dir, 'logs', 'osqueryd.results.log') };
}

test('--config_plugin names a config plugin of an in-process extension: the daemon runs its schedule and refreshes from it', async () => {
  const pluginPath = join(root, 'inline-config.mjs');
  writeFileSync(pluginPath, PLUGIN);
  const { flags, results } = flagsFor('plugin', { extension: pluginPath, config_plugin: 'inline' });
  const daemon = await Daemon.start({ flags, log: silentLogger() });
  try {
    const logged = (): Array<{ name: string; columns: Record<string, string> }> => {
      try {
        return readFileSync(results, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as { name: string; columns: Record<string, string> });
      } catch {
        return [];
      }
    };
    await waitFor("the first generation's result", () =>
      logged().some((l) => l.name === 'from_plugin' && l.columns.generation === '1'),
    );
    assert.equal(await daemon.refresh(), true);
    await waitFor("the refreshed generation's result", () =>
      logged().some((l) => l.name === 'from_plugin' && l.columns.generation === '2'),
    );
  } finally {
    await daemon.stop();
  }
});

test('an unknown --config_plugin fails start-up and names the plugins there are', async () => {
  const { flags } = flagsFor('unknown', { config_plugin: 'consul' });
  await assert.rejects(
    Daemon.start({ flags, log: silentLogger() }),
    /Unknown config plugin "consul" in --config_plugin \(known: filesystem, tls\)/,
  );
});
