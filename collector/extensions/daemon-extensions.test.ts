/**
 * The daemon serves the ExtensionManager too: it starts an extension executable (--extension, as autoload does) with
 * --socket/--timeout/--interval, the extension (Python, test/extensions/fixtures/hello_extension.py) registers
 * py_hello, and a scheduled query over that table logs the extension's rows. Stopping the daemon stops the extension.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import { fromRoot } from '../../common/paths.js';
import { pythonWithThrift } from '../../test/helpers/system-tools.js';
import { waitFor } from '../../test/helpers/wait.js';
import { Daemon } from '../daemon/daemon.js';
import { daemonFlags } from '../daemon/flags.js';
import { callAsync, decodePing, encodePing } from './thrift/client.js';

const root = mkdtempSync(join(tmpdir(), 'osprey-daemon-ext-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a scheduled query reads a table of an extension the daemon started', async () => {
  pythonWithThrift();
  const configPath = join(root, 'osquery.conf');
  const socket = join(root, 'osquery.em');
  mkdirSync(root, { recursive: true });
  writeFileSync(
    configPath,
    JSON.stringify({
      schedule: { py: { query: "SELECT name, greeting FROM py_hello WHERE name = 'daemon'", interval: 1 } },
    }),
  );
  const flags = daemonFlags();
  const values: Record<string, string> = {
    config_path: configPath,
    database_path: join(root, 'db'),
    logger_path: join(root, 'logs'),
    disable_watchdog: 'true',
    osprey_tick_ms: '200',
    host_identifier: 'specified',
    specified_identifier: 'test-host',
    extensions_socket: socket,
    extensions_interval: '1',
    extensions_timeout: '30',
    extensions_require: 'py_hello_ext', // start-up waits for it, so the first scheduled run finds py_hello
    extension: fromRoot('test/extensions/fixtures/hello_extension.py'),
    allow_unsafe: 'true', // the fixture's mode depends on the checkout's umask
  };
  for (const [key, value] of Object.entries(values)) flags.set(key, value);
  const daemon = await Daemon.start({ flags, log: silentLogger() });
  try {
    assert.equal((await callAsync(socket, encodePing(), decodePing, 5000)).code, 0);
    const results = join(root, 'logs', 'osqueryd.results.log');
    const line = await waitFor(
      'a result row from the extension',
      () => {
        if (!existsSync(results)) return undefined;
        return readFileSync(results, 'utf8')
          .split('\n')
          .find((l) => l.includes('hello from python, daemon'));
      },
      { timeoutMs: 60_000 },
    );
    const parsed = JSON.parse(line) as { name: string; columns: Record<string, string> };
    assert.equal(parsed.name, 'py');
    assert.deepEqual(parsed.columns, { name: 'daemon', greeting: 'hello from python, daemon' });
  } finally {
    await daemon.stop();
  }
  assert.equal(existsSync(socket), false, 'the daemon removes its extensions socket when it stops');
});
