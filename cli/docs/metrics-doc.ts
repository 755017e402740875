/**
 * docs/metrics.md, generated from the metric definitions in the sources. Every Osprey metric is defined in one of
 * two shapes, which this reads: a helper call `counter|gauge|histogram|scrapedGauge(registry, 'osprey_…', 'help',
 * ['label', …])` (common/metrics.ts and its like), or a prom-client constructor `new Counter|Gauge|Histogram({ name:
 * 'osprey_…', help: '…', labelNames: […] })`. A metric defined any other way would be missing from the document,
 * which docs.test.ts checks against the metrics the stages register.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface MetricDefinition {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
  readonly labels: readonly string[];
  /** Where it is defined, relative to the repository root. */
  readonly file: string;
}

/** Folders with production code; tests, benches and scripts define no metrics of their own. */
const SOURCE_DIRS = ['cli', 'collector', 'common', 'correlator', 'enricher', 'indexer'];

const QUOTED = String.raw`'((?:[^'\\]|\\.)*)'`;
const LABELS = String.raw`(?:,\s*\[([^\]]*)\])?`;
const HELPER_CALL = new RegExp(
  String.raw`\b(counter|gauge|histogram|scrapedGauge)\(\s*[\w.#]+,\s*'(osprey_\w+)',\s*${QUOTED}${LABELS}`,
  'g',
);
const CONSTRUCTOR = new RegExp(
  String.raw`new (Counter|Gauge|Histogram)\(\{\s*name: '(osprey_\w+)',\s*help: ${QUOTED}(?:,\s*labelNames: \[([^\]]*)\])?`,
  'g',
);

function typeOf(word: string): MetricDefinition['type'] {
  const lower = word.toLowerCase();
  if (lower === 'counter' || lower === 'histogram') return lower;
  return 'gauge';
}

function labelsOf(list: string | undefined): string[] {
  return [...(list ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '').filter((l) => l !== '');
}

/** Metric definitions in one source text. */
export function metricDefinitionsIn(text: string, file: string): MetricDefinition[] {
  const found: MetricDefinition[] = [];
  for (const pattern of [HELPER_CALL, CONSTRUCTOR]) {
    for (const m of text.matchAll(pattern)) {
      const [, kind = '', name = '', help = '', labels] = m;
      found.push({ name, type: typeOf(kind), help: help.replace(/\\'/g, "'"), labels: labelsOf(labels), file });
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'fixtures') files.push(...sourceFiles(full));
    else if (
      entry.isFile() &&
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.test.ts') &&
      !entry.name.endsWith('.d.ts')
    ) {
      files.push(full);
    }
  }
  return files;
}

/** Every metric defined under the production folders of `root`, one entry per name (the first definition). */
export function scanMetricDefinitions(root: string): MetricDefinition[] {
  const byName = new Map<string, MetricDefinition>();
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(join(root, dir)).sort()) {
      for (const def of metricDefinitionsIn(readFileSync(file, 'utf8'), relative(root, file))) {
        if (!byName.has(def.name)) byName.set(def.name, def);
      }
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function renderMetricsDoc(metrics: readonly MetricDefinition[]): string {
  const lines = [
    '# Metrics',
    '',
    'Generated from the metric definitions in the sources by `osprey docs` (`npm run docs`); do not edit.',
    '',
    'Every stage serves `/metrics` (Prometheus text format), `/healthz` and `/readyz` on its `metrics.listen` address',
    "(the daemon's `--metrics_listen` flag, served by its worker; loopback by default: daemon 127.0.0.1:9420, enricher",
    ':9421, correlator :9422, indexer :9423; `osprey run` serves all stages on :9420). Label values are bounded: query',
    'names come from the config, stages and error types from small fixed sets; host identifiers are never labels (one',
    'scrape target per host instead). Process and Node.js defaults (`process_*`, `nodejs_*`) come from prom-client.',
    'Alert rules: deploy/prometheus/.',
    '',
    '| metric | type | labels | meaning | defined in |',
    '|---|---|---|---|---|',
  ];
  for (const m of metrics) {
    lines.push(`| \`${m.name}\` | ${m.type} | ${m.labels.join(', ')} | ${cell(m.help)} | ${m.file} |`);
  }
  return `${lines.join('\n')}\n`;
}
