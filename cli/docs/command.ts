/**
 * `osprey docs`: writes the generated documents from the code: docs/tables.md (table specs), docs/metrics.md (metric
 * definitions), docs/config.md (stage config schemas and flag definitions) and the folder import graph in
 * docs/architecture.md. Run `npm run docs` after changing any of them; docs.test.ts (and, for the folder graph,
 * test/architecture/folder-graph.test.ts) fails while a committed document differs from what the code generates.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { daemonFlags } from '../../collector/daemon/flags.js';
import { discoverTables } from '../../collector/engine/discovery.js';
import { renderTablesDoc, TABLES_DOC } from '../../collector/engine/docs.js';
import type { FlagDefinition } from '../../collector/flags/flags.js';
import { fromRoot } from '../../common/paths.js';
import { correlatorConfig } from '../../correlator/config.js';
import { enricherConfig } from '../../enricher/config.js';
import { indexerConfig } from '../../indexer/config.js';
import type { Command } from '../../common/command.js';
import { parseFlags } from '../../common/command-flags.js';
import { flagReaders, renderConfigDoc, type StageConfigDoc } from './config-doc.js';
import { ARCHITECTURE_DOC, renderFolderGraph, withFolderGraph } from './folder-graph-doc.js';
import { renderMetricsDoc, scanMetricDefinitions } from './metrics-doc.js';

export const METRICS_DOC = fromRoot('docs', 'metrics.md');
export const CONFIG_DOC = fromRoot('docs', 'config.md');

export const STAGE_CONFIGS: readonly StageConfigDoc[] = [
  { command: 'osprey enricher --config enricher.yml', file: 'enricher/config.ts', schema: enricherConfig },
  { command: 'osprey correlator --config correlator.yml', file: 'correlator/config.ts', schema: correlatorConfig },
  { command: 'osprey indexer --config indexer.yml', file: 'indexer/config.ts', schema: indexerConfig },
];

/** Where flags are defined (not read): the osquery list, the daemon's and the kafka logger's additions. */
const FLAG_DEFINITION_FILES = [
  'collector/flags/flags.ts',
  'collector/daemon/flags.ts',
  'collector/loggers/kafka/flags.ts',
];

export function renderMetrics(): string {
  return renderMetricsDoc(scanMetricDefinitions(fromRoot()));
}

export function renderConfig(): string {
  const flags = daemonFlags();
  const definitions = flags
    .list()
    .map((row) => flags.definition(row.name))
    .filter((d): d is FlagDefinition => d !== undefined);
  return renderConfigDoc(STAGE_CONFIGS, flagReaders(fromRoot(), definitions, FLAG_DEFINITION_FILES));
}

export const docsCommand: Command = {
  usage: 'osprey docs',
  description:
    'Writes docs/tables.md (table specs), docs/metrics.md (metric definitions), docs/config.md (config\nschemas and flags) and the folder graph in docs/architecture.md from the code.',
  example: 'npm run docs',
  flags: {},
  async run(argv) {
    parseFlags({}, argv);
    const { tables, failures } = await discoverTables();
    for (const failure of failures) process.stderr.write(`osprey docs: ${failure.file}: ${String(failure.error)}\n`);
    // These documents are part of the source tree, not data the agent keeps, so they are written with the tree's modes.
    writeFileSync(TABLES_DOC, renderTablesDoc(tables));
    writeFileSync(METRICS_DOC, renderMetrics());
    writeFileSync(CONFIG_DOC, renderConfig());
    writeFileSync(ARCHITECTURE_DOC, withFolderGraph(readFileSync(ARCHITECTURE_DOC, 'utf8'), renderFolderGraph()));
    process.stdout.write(
      `Wrote ${TABLES_DOC} (${tables.length} tables), ${METRICS_DOC}, ${CONFIG_DOC} and the folder graph in ${ARCHITECTURE_DOC}.\n`,
    );
    return failures.length > 0 ? 1 : 0;
  },
};
