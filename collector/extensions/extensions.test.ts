import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import { fromRoot } from '../../common/paths.js';
import { createQueryContext } from '../engine/context.js';
import { Engine } from '../engine/engine.js';
import { Flags } from '../flags/flags.js';
import { parseLoggerPlugins } from '../loggers/registry/index.js';
import { contextJson, specFromRoutes } from './extension-table.js';
import { ExtensionHost } from './host.js';
import { managerHandler } from './manager-handler.js';
import { ExtensionRegistryState } from './registry.js';
import { Reader, Underrun, Writer } from './thrift/binary.js';
import { callAsync, decodeCall, decodePing, encodeCall, encodePing } from './thrift/client.js';
import { readResponse, writeResponse, type ExtensionResponse, type PluginResponse } from './thrift/messages.js';
import { startManagerServer } from './thrift/server.js';
import { callSync } from './thrift/sync-call.js';

describe('thrift binary codec', () => {
  it('round-trips an ExtensionResponse and reports a cut message as incomplete', () => {
    const w = new Writer();
    const response: ExtensionResponse = {
      status: { code: 0, message: 'OK', uuid: 7n },
      response: [{ name: 'é', n: '1' }, {}],
    };
    writeResponse(w, response);
    const bytes = w.bytes();
    assert.deepEqual(readResponse(new Reader(bytes)), response);
    assert.throws(() => readResponse(new Reader(bytes.subarray(0, bytes.length - 1))), Underrun);
  });
});

describe('extension tables', () => {
  it('takes columns from route info, indexing plain columns with --extensions_default_index', () => {
    const routes: PluginResponse = [
      { id: 'column', name: 'a', type: 'TEXT', op: '0' },
      { id: 'column', name: 'b', type: 'BIGINT', op: '2' },
      { id: 'column', name: 'c', type: 'INTEGER', op: '16' },
      { id: 'alias', alias: 'other_name' },
    ];
    const spec = specFromRoutes('t', routes, true);
    assert.deepEqual(spec.aliases, ['other_name']);
    assert.deepEqual(
      spec.columns.map((c) => [c.name, c.type, !!c.index, !!c.required, !!c.hidden]),
      [
        ['a', 'TEXT', true, false, false],
        ['b', 'BIGINT', false, true, false],
        ['c', 'INTEGER', true, false, true],
      ],
    );
    assert.equal(specFromRoutes('t', routes, false).columns[0]?.index, undefined);
    assert.throws(
      () => specFromRoutes('t', [{ id: 'column', name: 'x', type: 'VARCHAR' }], true),
      /unknown type VARCHAR/,
    );
  });

  it("serializes the query context as osquery's JSON", () => {
    const columns = specFromRoutes(
      't',
      [
        { id: 'column', name: 'name', type: 'TEXT' },
        { id: 'column', name: 'n', type: 'INTEGER' },
      ],
      true,
    ).columns;
    const ctx = createQueryContext({
      table: 't',
      constraints: [
        { column: 'name', op: '=', value: 'osprey' },
        { column: 'n', op: '>', value: 3 },
      ],
      columnsUsed: new Set(['name']),
    });
    assert.deepEqual(JSON.parse(contextJson(columns, ctx)), {
      constraints: [
        { name: 'name', list: [{ op: 2, expr: 'osprey' }], affinity: 'TEXT' },
        { name: 'n', list: [{ op: 4, expr: '3' }], affinity: 'INTEGER' },
      ],
      colsUsed: ['name'],
      colsUsedBitset: 1,
    });
  });
});

describe('ExtensionHost', () => {
  let dir: string;
  let engine: Engine;
  let host: ExtensionHost;
  const reports: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'osprey-ext-'));
    const flags = new Flags();
    flags.set('extensions_socket', join(dir, 'osprey.em'));
    flags.set('extensions_autoload', join(dir, 'missing.load'));
    flags.set('extension', fromRoot('examples/extensions/hello-table.mjs'));
    host = new ExtensionHost({ flags, log: silentLogger(), report: (m) => reports.push(m) });
    await host.loadModules();
    engine = await Engine.create({ services: { flags, ...host.services() } });
    await host.start(engine);
  });

  after(async () => {
    await host.close();
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds the tables of an in-process extension and lists it as a module', () => {
    assert.deepEqual(engine.queryRows("SELECT greeting FROM hello_world WHERE name = 'test'"), [
      { greeting: 'hello, test' },
    ]);
    const rows = engine.queryRows('SELECT name, type FROM osquery_extensions ORDER BY type');
    assert.deepEqual(rows, [
      { name: 'core', type: 'core' },
      { name: 'hello', type: 'module' },
    ]);
    const owned = engine.queryRows('SELECT name, internal FROM osquery_registry WHERE owner_uuid != 0 ORDER BY name');
    assert.deepEqual(owned, [
      { name: 'hello_broken', internal: 0 },
      { name: 'hello_world', internal: 0 },
    ]);
  });

  it('contains a generator that throws: the rows so far, and a report', () => {
    assert.deepEqual(engine.queryRows('SELECT n_rows FROM hello_broken'), [{ n_rows: 1 }]);
    assert.ok(
      reports.some((m) => m.includes('hello_broken') && m.includes('always fails')),
      reports.join('\n'),
    );
  });

  it('answers ping and core table calls on the extensions socket, asynchronously and synchronously', async () => {
    const socket = host.socketPath ?? '';
    assert.equal((await callAsync(socket, encodePing(), decodePing, 5000)).code, 0);
    const context = JSON.stringify({
      constraints: [{ name: 'name', list: [{ op: 2, expr: 'thrift' }], affinity: 'TEXT' }],
    });
    const reply = await callAsync(
      socket,
      encodeCall('table', 'hello_world', { action: 'generate', context }),
      decodeCall,
      5000,
    );
    assert.deepEqual(reply.response, [{ name: 'thrift', greeting: 'hello, thrift' }]);
    // The synchronous path blocks this thread, which also serves the socket: so call a socket nobody serves.
    assert.throws(() => callSync(join(dir, 'nobody.em'), encodePing(), decodePing, 2000), /nobody\.em/);
  });

  it('registers logger plugins and serves config plugins of an extension', async () => {
    const flags = new Flags();
    flags.set('extensions_autoload', '');
    flags.set('extension', fromRoot('collector/extensions/fixtures/logger-and-config.mjs'));
    flags.set('config_plugin', 'fixture_config');
    const seen: string[] = [];
    const other = new ExtensionHost({ flags, log: silentLogger(), report: (m) => seen.push(m) });
    await other.loadModules();
    assert.deepEqual(seen, []);
    assert.deepEqual(parseLoggerPlugins('filesystem,fixture_logger'), ['filesystem', 'fixture_logger']);
    assert.deepEqual(other.configPluginNames(), ['fixture_config', 'fixture_broken_config']);
    const loaded = await other.pluginConfig(flags);
    assert.deepEqual(loaded?.errors, []);
    assert.deepEqual(Object.keys(loaded?.config.schedule ?? {}).sort(), ['first', 'second']);
    flags.set('config_plugin', 'fixture_broken_config');
    assert.match((await other.pluginConfig(flags))?.errors[0]?.message ?? '', /no config today/);
    flags.set('config_plugin', 'filesystem');
    assert.equal(await other.pluginConfig(flags), undefined);
  });

  it('never replaces a file that is not a socket', async () => {
    const path = join(dir, 'precious.txt');
    writeFileSync(path, 'keep me');
    const handler = managerHandler({
      state: new ExtensionRegistryState(),
      engine,
      socketPath: path,
      flags: new Flags(),
      log: silentLogger(),
      report: () => undefined,
    });
    await assert.rejects(startManagerServer(path, handler, silentLogger()), /precious\.txt exists and is not a socket/);
    assert.equal(readFileSync(path, 'utf8'), 'keep me');
  });

  it('reports an extension that fails to load and keeps the others', async () => {
    const flags = new Flags();
    flags.set('extensions_autoload', '');
    flags.set('extension', fromRoot('collector/extensions/fixtures/throws-at-load.mjs'));
    const seen: string[] = [];
    const other = new ExtensionHost({ flags, log: silentLogger(), report: (m) => seen.push(m) });
    await other.loadModules();
    assert.match(seen.join('\n'), /throws-at-load\.mjs.*broken on purpose/);
    flags.set('extension', fromRoot('collector/extensions/fixtures/no-name.mjs'));
    await other.loadModules();
    assert.match(seen.join('\n'), /no-name\.mjs has no default export with a name/);
  });
});
