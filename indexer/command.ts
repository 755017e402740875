/** `osprey indexer --config indexer.yml [--data_dir DIR]`: the index stage alone, for multi-machine deployments. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../cli/command.js';
import { defaultDataDir } from '../common/data-dir.js';
import { createLogger } from '../common/logger.js';
import { loadStageConfig } from '../common/stage-config.js';
import { runStageProcess } from '../common/stage-process.js';
import { indexerConfig, type IndexerConfig } from './config.js';
import { startIndexer } from './pipeline.js';
import { createSink, type SinkConfig } from './sinks.js';

export function sinkConfigFrom(config: IndexerConfig, dataDir: string): SinkConfig {
  const sink = config.sink;
  if (sink.type === 'embedded') {
    return { type: 'embedded', dir: sink.dir ?? join(dataDir, 'store'), maxAgeMs: sink.maxAgeDays * 86_400_000, maxBytes: sink.maxBytes };
  }
  return { ...sink, namespace: config.namespace };
}

export const indexerCommand: Command = {
  summary: 'Run the index stage (Elasticsearch or the embedded store)',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, data_dir: { type: 'string' } } });
    const log = createLogger();
    const config = loadStageConfig(indexerConfig, values.config);
    const dataDir = values.data_dir ?? defaultDataDir();
    return runStageProcess({
      name: 'indexer',
      config,
      dataDir,
      log,
      async start({ bus, registry }) {
        const sink = createSink(sinkConfigFrom(config, dataDir), log, registry);
        const run = await startIndexer({ bus, sink, namespace: config.namespace, log, registry, groupId: config.group });
        return {
          stop: () => run.stop(),
          ready: async () => {
            const ok = await sink.healthcheck();
            return { ready: ok, checks: { sink: ok } };
          },
          running: { fields: { sink: sink.type }, message: 'Index stage running.' },
        };
      },
    });
  },
};
