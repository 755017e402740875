/**
 * In-process extensions through the CLI: `osprey shell --extension examples/extensions/hello-table.mjs` adds the
 * example's tables; an --extensions_autoload file loads the same, and its broken entries are reported on stderr
 * while the shell keeps working.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../common/paths.js';
import { waitFor } from '../helpers/wait.js';
import { ShellProcess, cliArgs } from './shell-process.js';

const EXAMPLE = fromRoot('examples/extensions/hello-table.mjs');

function shell(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...cliArgs(), 'shell', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('JavaScript extensions in osprey shell', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'osprey-plugin-'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--extension loads the example plugin; its table sees the WHERE constraint', () => {
    const result = shell([
      '--extension',
      EXAMPLE,
      '--list',
      "SELECT name, greeting FROM hello_world WHERE name = 'osprey'",
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'name|greeting\nosprey|hello, osprey\n');
  });

  it('a generator that throws gives the rows so far and a report on stderr, not a failed shell', () => {
    const result = shell(['--extension', EXAMPLE, '--csv', 'SELECT n_rows FROM hello_broken']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'n_rows\n1\n');
    assert.match(result.stderr, /Table hello_broken of extension hello failed: the hello_broken table always fails/);
  });

  it('--extensions_autoload loads plugins, reports broken entries, and keeps going', () => {
    const list = join(dir, 'extensions.load');
    const broken = fromRoot('collector/extensions/fixtures/throws-at-load.mjs');
    writeFileSync(list, `# plugins\n${broken}\n${EXAMPLE}\n/usr/bin/true\n`, { mode: 0o600 });
    const result = shell(['--extensions_autoload', list, '--csv', 'SELECT name, type FROM osquery_extensions']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'name|type\nhello|module\n');
    assert.match(result.stderr, /throws-at-load\.mjs was not loaded: .*broken on purpose/);
    assert.match(result.stderr, /\/usr\/bin\/true in .* is skipped: autoloaded executables must end in \.ext/);
  });

  it('--extensions_require reports a required extension that never registered', () => {
    const socket = join(dir, 'require.em');
    const args = [
      '--extensions_socket',
      socket,
      '--disable_extensions=false',
      '--extensions_timeout',
      '1',
      '--extension',
      EXAMPLE,
    ];
    const satisfied = shell([...args, '--extensions_require', 'hello', 'SELECT 1']);
    assert.equal(satisfied.status, 0, satisfied.stderr);
    assert.doesNotMatch(satisfied.stderr, /Required extension/);
    const missing = shell([...args, '--extensions_require', 'hello,absent_ext', 'SELECT 1']);
    assert.equal(missing.status, 0, missing.stderr);
    assert.match(missing.stderr, /Required extension not found or not loaded: absent_ext/);
  });

  it('.socket prints the extensions socket path', () => {
    const socket = join(dir, 'shell.em');
    const result = shell(['--extensions_socket', socket, '.socket']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${socket}\n`);
  });

  it('a second shell on a socket in use serves a suffixed one and .socket shows it', async () => {
    const socket = join(dir, 'busy.em');
    const first = new ShellProcess(['--extensions_socket', socket, '--disable_extensions=false']);
    try {
      first.send('.socket');
      await waitFor('the first shell to serve its socket', () => first.stdout.includes(`${socket}\n`), {
        context: () => first.stderr,
      });
      const second = shell(['--extensions_socket', socket, '--disable_extensions=false', '.socket']);
      assert.equal(second.status, 0, second.stderr);
      assert.match(second.stdout, new RegExp(`^${socket.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d+\n$`));
    } finally {
      await first.close();
    }
  });
});
