/**
 * The pack corpus: every Linux query of osquery's shipped packs and of teoseller/osquery-attck (fixtures/), run
 * through the engine. Each must run without error, except a query over a table that osquery itself lacks on Linux
 * or that Osprey does not have yet: that one must fail exactly as osquery does, with `no such table: <name>`,
 * and the table must really be absent (never registered as a stub that answers with no rows).
 * The number of queries that run must not fall below PASS_FLOOR; raise it as tables land.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../common/paths.js';
import { Engine } from '../../collector/engine/engine.js';

/** Queries that ran without error when this floor was last raised (see the summary line this test prints). */
const PASS_FLOOR = 140;

interface CorpusQuery {
  source: string;
  name: string;
  query: string;
}

type Outcome = { kind: 'ran'; rows: number } | { kind: 'missing'; table: string } | { kind: 'error'; message: string };

function loadCorpus(): CorpusQuery[] {
  return ['osquery_packs.jsonl', 'teoseller_osquery_attck.jsonl'].flatMap((file) =>
    readFileSync(fromRoot('test/corpus/fixtures', file), 'utf8').split('\n').filter((l) => l.trim() !== '')
      .map((line) => JSON.parse(line) as CorpusQuery));
}

function linuxTableNames(): Set<string> {
  const text = readFileSync(fromRoot('test/corpus/fixtures/osquery-linux-table-names.txt'), 'utf8');
  return new Set(text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));
}

function runQuery(engine: Engine, sql: string): Outcome {
  try {
    return { kind: 'ran', rows: engine.query(sql).rows.length };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const missing = /^no such table: (\w+)$/.exec(message);
    return missing ? { kind: 'missing', table: missing[1] ?? '' } : { kind: 'error', message };
  }
}

describe('pack corpus', () => {
  const corpus = loadCorpus();
  const osqueryLinux = linuxTableNames();
  const outcomes = new Map<CorpusQuery, Outcome>();
  let engine: Engine;

  before(async () => {
    engine = await Engine.create();
  });

  after(() => {
    const ran = [...outcomes.values()].filter((o) => o.kind === 'ran').length;
    const missing = [...new Set([...outcomes.values()].flatMap((o) => (o.kind === 'missing' ? [o.table] : [])))].sort();
    const notYet = missing.filter((t) => osqueryLinux.has(t));
    const notOsquery = missing.filter((t) => !osqueryLinux.has(t));
    console.log(`pack corpus: ${ran} of ${corpus.length} queries ran (floor ${PASS_FLOOR}).`);
    console.log(`pack corpus: missing, not in Osprey yet: ${notYet.join(', ') || 'none'}.`);
    console.log(`pack corpus: missing, not an osquery Linux table either: ${notOsquery.join(', ') || 'none'}.`);
    engine.close();
  });

  for (const q of corpus) {
    it(`${q.source} ${q.name}`, () => {
      const outcome = runQuery(engine, q.query);
      outcomes.set(q, outcome);
      if (outcome.kind === 'error') assert.fail(`${q.query}\n  failed: ${outcome.message}`);
      if (outcome.kind === 'missing') {
        assert.equal(engine.table(outcome.table), undefined, `${outcome.table} is registered yet reported missing`);
      }
    });
  }

  it('runs at least PASS_FLOOR queries', () => {
    const ran = [...outcomes.values()].filter((o) => o.kind === 'ran').length;
    assert.ok(ran >= PASS_FLOOR, `${ran} queries ran, floor is ${PASS_FLOOR}`);
  });

  it('reports every table osquery lacks on Linux as missing, never as an empty answer', () => {
    const names = new Set(engine.tables().map((t) => t.name));
    for (const [q, outcome] of outcomes) {
      if (outcome.kind !== 'ran') continue;
      for (const table of engine.tablesRead(q.query)) assert.ok(names.has(table), `${q.name} read ${table}, which is not a table`);
    }
    assert.ok(!names.has('opera_extensions'), 'opera_extensions was removed from osquery and must stay missing');
  });
});
