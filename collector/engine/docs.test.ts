import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { discoverTables } from './discovery.js';
import { TABLES_DOC, renderTablesDoc } from './docs.js';
import { probeTable } from './testing.js';

describe('docs/tables.md', () => {
  it('is current with the table specs (run `npm run docs` after changing a spec)', async () => {
    const { tables } = await discoverTables();
    assert.equal(readFileSync(TABLES_DOC, 'utf8'), renderTablesDoc(tables));
  });

  it('documents columns, options, the schema and the examples', () => {
    const text = renderTablesDoc([probeTable('documented', { required: true }).table]);
    assert.match(text, /^## documented$/m);
    assert.match(text, /^\| id \| BIGINT \| Key \| required, index \|$/m);
    assert.match(text, /^\| secret \| TEXT \| Hidden \| hidden \|$/m);
    assert.match(text, /^Needs a constraint on a required column/m);
    assert.match(text, /^CREATE TABLE documented\(`id` BIGINT/m);
  });
});
