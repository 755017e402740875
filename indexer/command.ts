/** `osprey indexer --config indexer.yml [--data_dir DIR]`: the index stage alone, for multi-machine deployments. */
import { join } from 'node:path';
import type { Command } from '../common/command.js';
import { DATA_DIR_FLAG, stageConfigFlag } from '../common/stage-flags.js';
import { defineFlags, parseFlags } from '../common/command-flags.js';
import { createLogger } from '../common/logger.js';
import { loadStageConfig } from '../common/stage-kit/stage-config.js';
import { runStageProcess } from '../common/stage-kit/stage-process.js';
import { indexerConfig, type IndexerConfig } from './config.js';
import { startIndexer } from './pipeline.js';
import { createSink, type SinkConfig } from './sinks.js';

export function sinkConfigFrom(config: IndexerConfig, dataDir: string): SinkConfig {
  const sink = config.sink;
  if (sink.type === 'embedded') {
    return {
      type: 'embedded',
      dir: sink.dir ?? join(dataDir, 'store'),
      maxAgeMs: sink.maxAgeDays * 86_400_000,
      maxBytes: sink.maxBytes,
    };
  }
  return { ...sink, namespace: config.namespace };
}

const FLAGS = defineFlags({ config: stageConfigFlag('indexer.yml: sink, bus, namespace'), data_dir: DATA_DIR_FLAG });

export const indexerCommand: Command = {
  usage: 'osprey indexer [--config indexer.yml] [--data_dir DIR]',
  description:
    'Consumes enriched events, network events and alerts and indexes them into Elasticsearch or the embedded store.',
  example: 'osprey indexer --config /etc/osprey/indexer.yml --data_dir /var/lib/osprey',
  flags: FLAGS,
  async run(argv) {
    const { values } = parseFlags(FLAGS, argv);
    const log = createLogger();
    const config = loadStageConfig(indexerConfig, values.config);
    const dataDir = values.data_dir;
    return runStageProcess({
      name: 'indexer',
      config,
      dataDir,
      log,
      async start({ bus, registry }) {
        const sink = createSink(sinkConfigFrom(config, dataDir), log, registry);
        const run = await startIndexer({
          bus,
          sink,
          namespace: config.namespace,
          log,
          registry,
          groupId: config.group,
        });
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
