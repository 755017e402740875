import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { registerDefaultMetrics } from '../../common/health-server.js';
import { stageMetrics } from '../../common/metrics.js';
import { fromRoot } from '../../common/paths.js';
import { correlatorMetrics } from '../../correlator/metrics.js';
import { enricherMetrics } from '../../enricher/metrics.js';
import { CONFIG_DOC, METRICS_DOC, renderConfig, renderMetrics } from './command.js';
import { configFields, flagReaders } from './config-doc.js';
import type { FlagDefinition } from '../../collector/flags/flags.js';
import { metricDefinitionsIn, scanMetricDefinitions } from './metrics-doc.js';

describe('generated docs', () => {
  it('docs/metrics.md is current with the metric definitions (run `npm run docs` after changing one)', () => {
    assert.equal(readFileSync(METRICS_DOC, 'utf8'), renderMetrics());
  });

  it('docs/config.md is current with the config schemas and flags (run `npm run docs` after changing one)', () => {
    assert.equal(readFileSync(CONFIG_DOC, 'utf8'), renderConfig());
  });
});

describe('metric definitions', () => {
  it('finds every metric the stages register, with its help, type and labels', async () => {
    const registry = new Registry();
    registerDefaultMetrics(registry, 'test');
    stageMetrics(registry, 'test');
    enricherMetrics(registry);
    correlatorMetrics(registry);
    const documented = new Map(scanMetricDefinitions(fromRoot()).map((m) => [m.name, m]));
    const registered = (await registry.getMetricsAsJSON()).filter((m) => m.name.startsWith('osprey_'));
    assert.ok(registered.length >= 15, `${registered.length} metrics registered`);
    for (const metric of registered) {
      const doc = documented.get(metric.name);
      assert.ok(doc, `${metric.name} is in docs/metrics.md`);
      assert.equal(doc.help, metric.help, metric.name);
      assert.equal(doc.type, String(metric.type), metric.name);
    }
  });

  it('reads helper calls and prom-client constructors, labels included', () => {
    const text = [
      "const a = counter(registry, 'osprey_a_total', 'Things done.', ['kind', 'outcome']);",
      "const b = gauge(\n  options.metrics,\n  'osprey_b',\n  'Held, now (it\\'s bounded).',\n);",
      "new Histogram({ name: 'osprey_c_seconds', help: 'Time taken.', buckets: [1], registers: [registry] });",
      "registry.getSingleMetric('osprey_not_a_definition');",
    ].join('\n');
    assert.deepEqual(metricDefinitionsIn(text, 'x.ts'), [
      { name: 'osprey_a_total', type: 'counter', help: 'Things done.', labels: ['kind', 'outcome'], file: 'x.ts' },
      { name: 'osprey_b', type: 'gauge', help: "Held, now (it's bounded).", labels: [], file: 'x.ts' },
      { name: 'osprey_c_seconds', type: 'histogram', help: 'Time taken.', labels: [], file: 'x.ts' },
    ]);
  });
});

describe('config fields', () => {
  it('lists nested fields with types, defaults and descriptions, and each variant of a typed union', () => {
    const schema = z.object({
      group: z.string().default('g').describe('Consumer group.'),
      limits: z.object({ max: z.number().int().default(5) }).default({ max: 5 }),
      sink: z.discriminatedUnion('type', [
        z.object({ type: z.literal('file'), path: z.string().describe('Where.') }),
        z.object({ type: z.literal('http'), url: z.string() }),
      ]),
    });
    const rows = configFields(schema).map((r) => [r.path, r.type, r.fallback, r.description]);
    assert.deepEqual(rows, [
      ['group', 'string', '`"g"`', 'Consumer group.'],
      ['limits', 'object', '', ''],
      ['limits.max', 'integer', '`5`', ''],
      ['sink', 'object', '', 'One of the shapes below, chosen by `type`.'],
      ['sink.path', 'string', '', '(type "file") Where.'],
      ['sink.url', 'string', '', '(type "http")'],
    ]);
  });
});

describe('flag readers', () => {
  const flag = (name: string): FlagDefinition => ({
    name,
    type: 'string',
    default: '',
    kind: 'CLI_FLAG',
    description: '',
  });

  it('counts a single-word flag only where an accessor reads it, and an underscored one wherever it is quoted', () => {
    const root = mkdtempSync(join(tmpdir(), 'osprey-flag-readers-'));
    try {
      for (const dir of ['cli', 'collector', 'common', 'correlator', 'enricher', 'indexer']) mkdirSync(join(root, dir));
      writeFileSync(
        join(root, 'collector', 'shell.ts'),
        "const out = flags.get('output');\nif (flags.getBool('L')) {}\n",
      );
      writeFileSync(
        join(root, 'collector', 'modes.ts'),
        "const modes = ['list', 'line'];\nif (name === 'connect') {}\n",
      );
      writeFileSync(join(root, 'collector', 'audit.ts'), "const rules = [{ flag: 'audit_allow_sockets' }];\n");
      writeFileSync(join(root, 'cli', 'show.ts'), "label('output') + flag('output');\n");
      const defs = ['output', 'L', 'list', 'connect', 'audit_allow_sockets', 'never_read'].map(flag);
      const readers = flagReaders(root, defs, []).map((d) => [d.definition.name, d.readIn]);
      assert.deepEqual(readers, [
        ['audit_allow_sockets', ['collector/audit.ts']],
        ['L', ['collector/shell.ts']],
        ['output', ['cli/show.ts', 'collector/shell.ts']],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
