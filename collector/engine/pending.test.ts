import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from './engine.js';
import { PendingTables } from './pending.js';
import { probeTable } from './testing.js';

describe('PendingTables', () => {
  it('gives up the tables a text names by name or alias, in any case, once', () => {
    const pending = new PendingTables();
    const a = probeTable('alpha').table;
    const b = probeTable('beta').table;
    pending.add(a);
    pending.add(b);
    assert.deepEqual(
      pending.takeNamedIn('SELECT * FROM ALPHA_ALIAS a JOIN alpha USING (id)').map((d) => d.name),
      ['alpha'],
    );
    assert.deepEqual(pending.takeNamedIn('SELECT * FROM alpha'), [], 'alpha is no longer pending');
    assert.deepEqual(pending.takeNamedIn('SELECT alphabet, betas FROM "x"'), [], 'only whole words match');
    assert.deepEqual(
      pending.takeNamedIn('SELECT * FROM [Beta]').map((d) => d.name),
      ['beta'],
    );
    assert.deepEqual(pending.definitions(), []);
  });
});

describe('Engine: tables declared on first use', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });
  after(() => engine.close());

  it('lists every discovered table before any query names it', () => {
    const names = engine.tables().map((t) => t.name);
    assert.ok(names.includes('os_version') && names.includes('etc_hosts'), 'discovered tables are listed');
    assert.equal(engine.table('etc_hosts')?.name, 'etc_hosts');
  });

  it('declares a table when a statement names it, and its alias view when the alias is named', () => {
    // PRAGMA table_info answers from SQLite's declaration, the same text osquery's .schema prints.
    const columns = engine.query('PRAGMA table_info(os_version)').rows.map((r) => r[1]);
    assert.deepEqual(
      columns,
      engine
        .table('os_version')
        ?.columns.filter((c) => !c.hidden)
        .map((c) => c.name),
    );
    assert.deepEqual(
      engine.query('SELECT count(*) > 0 FROM (SELECT * FROM HOSTS)').columns.length,
      1,
      'the alias view of etc_hosts exists',
    );
    assert.deepEqual(engine.tablesRead('SELECT * FROM hosts'), ['etc_hosts']);
  });

  it('still refuses a second table of a name that is only pending', () => {
    assert.throws(() => engine.registerTable({ ...probeTable('uptime').table }), { code: 'TABLE_ERROR' });
  });
});
