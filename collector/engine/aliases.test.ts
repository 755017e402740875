/**
 * Column aliases as osquery declares them (`aliases` in a column spec): each alias is an extra HIDDEN column of the
 * target's type, appended after the spec's columns (osquery's columnDefinition), reading the target's value.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { renderTablesDoc } from './docs.js';
import { Engine } from './engine.js';
import { col, defineTable } from './spec.js';

describe('column aliases', () => {
  let engine: Engine;
  const used: string[][] = [];
  before(async () => {
    const aliased = defineTable({
      name: 'aliased_probe',
      description: 'Test probe with a column alias.',
      platforms: ['linux'],
      columns: [col('id', 'BIGINT', 'Key'), col('value', 'TEXT', 'A value', { aliases: ['old_value'] })],
      generate(ctx) {
        used.push(['id', 'value'].filter((c) => ctx.used(c)));
        return [{ id: 1, value: 'seven' }];
      },
    });
    engine = await Engine.create({ extraTables: [aliased] });
  });
  after(() => engine.close());

  it('answers an alias with its target column, and the generator is asked for the target', () => {
    assert.deepEqual(engine.queryRows('SELECT old_value FROM aliased_probe WHERE old_value = value'), [
      { old_value: 'seven' },
    ]);
    assert.deepEqual(used.at(-1), ['value']);
    assert.deepEqual(engine.query('SELECT * FROM aliased_probe').columns, ['id', 'value']);
  });

  it("declares time.date_time as a hidden TEXT column after the spec columns, as osquery's .schema shows", () => {
    const [row] = engine.queryRows('SELECT datetime, date_time FROM time');
    assert.equal(row?.date_time, row?.datetime);
    assert.match(String(row?.date_time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const xinfo = engine.queryRows('PRAGMA table_xinfo(time)');
    assert.deepEqual(xinfo.at(-1), {
      cid: xinfo.length - 1,
      name: 'date_time',
      type: 'TEXT',
      notnull: 0,
      dflt_value: null,
      pk: 0,
      hidden: 1,
    });
    assert.equal(
      engine.queryRows('PRAGMA table_info(time)').some((r) => r.name === 'date_time'),
      false,
    );
    assert.match(engine.schema('time')[0] ?? '', /, `win_timestamp` BIGINT HIDDEN, `date_time` TEXT HIDDEN\);$/);
  });

  it("accepts osquery's aliases of osquery_schedule and process_events in queries", () => {
    assert.deepEqual(engine.query('SELECT blacklisted FROM osquery_schedule').columns, ['blacklisted']);
    const names = [
      'environment',
      'environment_count',
      'environment_size',
      'access_time',
      'modify_time',
      'change_time',
      'create_time',
    ];
    assert.deepEqual(
      engine.queryColumns(`SELECT ${names.join(', ')} FROM process_events`).map((c) => c.type),
      ['TEXT', 'BIGINT', 'BIGINT', 'BIGINT', 'BIGINT', 'BIGINT', 'BIGINT'],
    );
  });

  it("lists a column's aliases in docs/tables.md", () => {
    const time = engine.table('time');
    assert.ok(time);
    assert.match(renderTablesDoc([time]), /\| datetime \| TEXT \| [^|]+ \| alias date_time \|/);
  });
});
