/** `osprey enricher --config enricher.yml [--data_dir DIR]`: the enricher stage alone, scaled out by running more. */
import { Registry } from 'prom-client';
import type { Command } from '../common/command.js';
import { DATA_DIR_FLAG, stageConfigFlag } from '../common/stage-flags.js';
import { defineFlags, parseFlags } from '../common/command-flags.js';
import { DEFAULT_LISTEN, registerDefaultMetrics, startHealthServer } from '../common/health-server.js';
import { runUntilSignal } from '../common/lifecycle.js';
import { createLogger } from '../common/logger.js';
import { createBus, loadStageConfig } from '../common/stage-config.js';
import { enricherConfig } from './config.js';
import { startEnricher } from './run.js';
import { VERSION } from '../common/version.js';

const FLAGS = defineFlags({ config: stageConfigFlag('enricher.yml, see enricher/README.md'), data_dir: DATA_DIR_FLAG });

export const enricherCommand: Command = {
  usage: 'osprey enricher [--config enricher.yml] [--data_dir DIR]',
  description:
    'Consumes result rows, maps them to ECS, joins host metadata, file hashes, users, parent processes and threat\n' +
    'intelligence, and writes enriched events.',
  example: 'osprey enricher --config /etc/osprey/enricher.yml --data_dir /var/lib/osprey',
  flags: FLAGS,
  async run(argv) {
    const { values } = parseFlags(FLAGS, argv);
    const log = createLogger();
    const config = loadStageConfig(enricherConfig, values.config);
    const dataDir = values.data_dir;
    return runUntilSignal(log, async () => {
      const registry = new Registry();
      registerDefaultMetrics(registry, VERSION);
      const bus = createBus(config.bus, dataDir, log, registry);
      const run = await startEnricher({ bus, config, dataDir, registry, log });
      const health = await startHealthServer({
        listen: config.metrics.listen ?? DEFAULT_LISTEN.enricher,
        registry,
        log,
        ready: async () => {
          const ok = await run.enricher.stage.healthcheck();
          return { ready: ok, checks: { stage: ok } };
        },
      });
      log.info({ metrics: health.url, bus: config.bus.type }, 'Enricher stage running.');
      return async () => {
        await run.stop();
        await health.close();
        await bus.close();
      };
    });
  },
};
