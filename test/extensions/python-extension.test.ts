/**
 * osquery's extension protocol end to end: `osprey shell` serves the ExtensionManager on --extensions_socket, an
 * extension written in Python against osquery's Thrift interface (fixtures/hello_extension.py) registers the table
 * py_hello, the shell queries it with a WHERE constraint the extension receives in osquery's context JSON, lists it in
 * osquery_extensions and osquery_registry, and removes its table once a health ping fails after the extension dies.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../common/paths.js';
import { waitFor } from '../helpers/wait.js';
import { ShellProcess } from './shell-process.js';
import { pythonWithThrift } from '../helpers/system-tools.js';

describe('a Python osquery extension against osprey shell', () => {
  let dir: string;
  let socket: string;
  let shell: ShellProcess;
  let extension: ChildProcess | undefined;
  let extensionOut = '';
  let probes = 0;

  /** Sends a query tagged with a fresh marker and returns its `|`-separated result lines. */
  async function query(sql: string): Promise<string[][]> {
    const marker = `probe-${++probes}`;
    shell.send(`SELECT '${marker}-begin';`);
    shell.send(sql);
    shell.send(`SELECT '${marker}-end';`);
    const text = await waitFor(
      `the answer to ${sql}`,
      () => {
        const start = shell.stdout.indexOf(`${marker}-begin\n`);
        const end = shell.stdout.indexOf(`${marker}-end\n`);
        return start >= 0 && end > start ? shell.stdout.slice(start + marker.length + 7, end) : undefined;
      },
      { context: () => shell.stderr },
    );
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('|'));
  }

  before(async () => {
    const python = pythonWithThrift();
    dir = mkdtempSync(join(tmpdir(), 'osprey-pyext-'));
    socket = join(dir, 'osprey.em');
    shell = new ShellProcess([
      '--extensions_socket',
      socket,
      '--disable_extensions=false',
      '--extensions_interval',
      '1',
      '--list',
      '--header=false',
    ]);
    shell.send('.socket');
    await waitFor('the shell to print its socket', () => shell.stdout.includes(`${socket}\n`), {
      context: () => shell.stderr,
    });
    extension = spawn(
      python,
      [
        fromRoot('test/extensions/fixtures/hello_extension.py'),
        '--socket',
        socket,
        '--timeout',
        '10',
        '--interval',
        '1',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    extension.stdout?.on('data', (d: Buffer) => (extensionOut += d.toString()));
    await waitFor('the extension to register and listen', () => /^ready \d+$/m.test(extensionOut), {
      context: () => extensionOut,
    });
  });

  after(async () => {
    if (extension && extension.exitCode === null) extension.kill('SIGKILL');
    await shell.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queries the extension table with a constraint the extension sees in the context JSON', async () => {
    const rows = await query("SELECT name, greeting, context FROM py_hello WHERE name = 'osprey';");
    assert.equal(rows.length, 1, JSON.stringify(rows));
    const [name, greeting, context] = rows[0] ?? [];
    assert.equal(name, 'osprey');
    assert.equal(greeting, 'hello from python, osprey');
    const parsed = JSON.parse(context ?? '{}') as { constraints: unknown[]; colsUsed: string[] };
    assert.deepEqual(parsed.constraints, [{ name: 'name', list: [{ op: 2, expr: 'osprey' }], affinity: 'TEXT' }]);
    assert.deepEqual(parsed.colsUsed, ['name', 'greeting', 'context']);
  });

  it('lists the extension in osquery_extensions and its table in osquery_registry', async () => {
    const uuid = /^ready (\d+)$/m.exec(extensionOut)?.[1] ?? '';
    const extensions = await query('SELECT uuid, name, version, path, type FROM osquery_extensions ORDER BY uuid;');
    assert.deepEqual(extensions, [
      ['0', 'core', extensions[0]?.[2] ?? '', socket, 'core'],
      [uuid, 'py_hello_ext', '1.0.0', `${socket}.${uuid}`, 'extension'],
    ]);
    assert.deepEqual(
      await query("SELECT registry, owner_uuid, internal FROM osquery_registry WHERE name = 'py_hello';"),
      [['table', uuid, '0']],
    );
  });

  it('removes the table of an extension that died, after a failed ping', async () => {
    extension?.kill('SIGKILL');
    await waitFor('py_hello to be removed', () => shell.stderr.includes('ping failed'), {
      context: () => shell.stderr,
    });
    assert.deepEqual(await query("SELECT count(*) FROM osquery_registry WHERE name = 'py_hello';"), [['0']]);
    assert.deepEqual(await query("SELECT count(*) FROM osquery_extensions WHERE type = 'extension';"), [['0']]);
    shell.send('SELECT * FROM py_hello;');
    await waitFor('the query of the removed table to fail', () => shell.stderr.includes('no such table: py_hello'), {
      context: () => shell.stderr,
    });
  });
});
