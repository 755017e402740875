/** `osprey enricher --config enricher.yml [--data_dir DIR]`: the enricher stage alone, scaled out by running more. */
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import type { Command } from '../common/command.js';
import { defaultDataDir } from '../common/data-dir.js';
import { DEFAULT_LISTEN, registerDefaultMetrics, startHealthServer } from '../common/health-server.js';
import { runUntilSignal } from '../common/lifecycle.js';
import { createLogger } from '../common/logger.js';
import { createBus, loadStageConfig } from '../common/stage-config.js';
import { enricherConfig } from './config.js';
import { startEnricher } from './run.js';
import { VERSION } from '../common/version.js';

const HELP = `Usage: osprey enricher [--config enricher.yml] [--data_dir DIR]

Consumes result rows, maps them to ECS, joins host metadata, file hashes, users, parent processes and threat
intelligence, and writes enriched events. See enricher/README.md for the config keys.`;

export const enricherCommand: Command = {
  summary: 'Run the enricher stage (ECS mapping and joins)',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, data_dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const log = createLogger();
    const config = loadStageConfig(enricherConfig, values.config);
    const dataDir = values.data_dir ?? defaultDataDir();
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
