import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import { genIptables, loadedTables } from './iptables.js';

describe('iptables', () => {
  it('parses /proc/net/ip_tables_names', () => {
    assert.deepEqual(loadedTables('filter\nnat\n\nmangle\n'), ['filter', 'nat', 'mangle']);
  });

  it('returns no rows and counts one skip per loaded legacy table', () => {
    const skipped: string[] = [];
    const rows = [...genIptables(createQueryContext({ table: 'iptables', errors: { skip: (r) => skipped.push(r) } }))];
    let names = '';
    try {
      names = readFileSync('/proc/net/ip_tables_names', 'utf8');
    } catch {
      names = '';
    }
    assert.deepEqual(rows, []);
    assert.equal(skipped.length, loadedTables(names).length);
    assert.ok(skipped.every((s) => s.includes('libiptc')));
  });
});
