import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from './engine.js';
import { PendingTables } from './pending.js';
import { defineTable } from './spec.js';
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

describe('Engine: a table named while another statement runs', () => {
  it('is declared by a later statement, not lost (osquery_schedule asks shapes from inside its scan)', async () => {
    const shapes: string[] = [];
    const nested: { engine?: Engine } = {};
    const asker = defineTable({
      name: 'shape_asker',
      description: 'Asks the shape of a query naming a pending table from inside its own scan.',
      platforms: ['linux'],
      columns: [{ name: 'answer', type: 'TEXT', description: 'What the nested call gave' }],
      generate() {
        try {
          shapes.push(nested.engine?.queryColumns('SELECT * FROM uptime')[0]?.name ?? 'none');
        } catch (err) {
          shapes.push(`error: ${(err as Error).message}`);
        }
        return [{ answer: 'x' }];
      },
    });
    const engine = await Engine.create({ extraTables: [asker] });
    nested.engine = engine;
    try {
      assert.deepEqual(engine.queryRows('SELECT answer FROM shape_asker'), [{ answer: 'x' }]);
      assert.equal(shapes.length, 1, 'the nested call ran');
      // Before the fix the nested declaration failed (SQLite busy) and uptime was gone for good.
      assert.deepEqual(Object.keys(engine.queryRows('SELECT * FROM uptime')[0] ?? {}).slice(0, 1), ['days']);
    } finally {
      engine.close();
    }
  });

  it('declareAllTables declares every discovered table at start-up (the daemon)', async () => {
    const engine = await Engine.create({ declareAllTables: true });
    try {
      // The text never spells the table's name, so only a declaration at start-up can answer.
      const spelled = "SELECT name FROM pragma_table_info('up' || 'time')";
      assert.equal(engine.queryRows(spelled)[0]?.name, 'days', 'uptime is declared before any statement names it');
    } finally {
      engine.close();
    }
  });
});
