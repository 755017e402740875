/** `osprey indexer --config indexer.yml [--data_dir DIR]`: the index stage alone, for multi-machine deployments. */
import { join } from 'node:path';
import { stageCommand } from '../common/stage-kit/stage-command.js';
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

export const indexerCommand = stageCommand({
  name: 'indexer',
  usage: 'osprey indexer [--config indexer.yml] [--data_dir DIR]',
  description:
    'Consumes enriched events, network events and alerts and indexes them into Elasticsearch or the embedded store.',
  example: 'osprey indexer --config /etc/osprey/indexer.yml --data_dir /var/lib/osprey',
  configHelp: 'indexer.yml: sink, bus, namespace',
  schema: indexerConfig,
  async start({ bus, config, dataDir, registry, log }) {
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
