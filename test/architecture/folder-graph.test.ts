/**
 * No folder cycles: the folder-level import graph of the production sources (cli/docs/import-graph.ts) must have no
 * cycle, neither between top-level folders nor between any two sub-folders, and docs/architecture.md's copy of the
 * graph (written by `osprey docs`) must match the code.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ARCHITECTURE_DOC, renderFolderGraph, withFolderGraph } from '../../cli/docs/folder-graph-doc.js';
import {
  collapse,
  folderCycles,
  folderGraph,
  importsOf,
  isTestCode,
  productionSources,
} from '../../cli/docs/import-graph.js';
import { fromRoot } from '../../common/paths.js';

const sources = productionSources(fromRoot());
const graph = folderGraph(sources);

test('the graph covers the sources', () => {
  assert.ok(graph.has('collector/engine') && graph.has('schemas/generated'));
});

test('the top-level folders import each other without a cycle', () => {
  assert.deepEqual(folderCycles(collapse(graph, 1)), []);
});

test('no two folders, at any depth, import each other in a cycle', () => {
  assert.deepEqual(folderCycles(graph), []);
});

test('event publishers do not reach into table code (what both use lives in collector/files/)', () => {
  const edges = [...graph].filter(([from]) => from.startsWith('collector/events'));
  const intoTables = edges.flatMap(([from, to]) =>
    [...to].filter((t) => t.startsWith('collector/tables')).map((t) => `${from} -> ${t}`),
  );
  assert.deepEqual(intoTables, []);
});

test('production code and the benchmarks import no test code (what both need lives in bench/support/)', () => {
  const imports = sources.flatMap((file) => importsOf(file).map((target) => `${file.path} -> ${target}`));
  assert.deepEqual(
    imports.filter((line) => isTestCode(line.split(' -> ')[1] ?? '')),
    [],
  );
});

test('docs/architecture.md shows the current folder graph (run `npm run docs` after moving imports)', () => {
  const doc = readFileSync(ARCHITECTURE_DOC, 'utf8');
  assert.equal(doc, withFolderGraph(doc, renderFolderGraph()));
});

test('the cycle finder finds a cycle', () => {
  const sample = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
    ['d', new Set(['a'])],
  ]);
  assert.deepEqual(folderCycles(sample), [['a', 'b', 'c']]);
});

test('the section is replaced in place, or appended when missing', () => {
  const section = renderFolderGraph();
  const doc = withFolderGraph('# Title\n', section);
  assert.ok(doc.startsWith('# Title\n\n<!-- folder-graph:begin'));
  assert.equal(withFolderGraph(doc.replace('schemas/generated -> (nothing)', 'stale'), section), doc);
});
