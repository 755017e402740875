/** `osprey enricher --config enricher.yml [--data_dir DIR]`: the enricher stage alone, scaled out by running more. */
import { parseArgs } from 'node:util';
import type { Command } from '../cli/command.js';
import { defaultDataDir } from '../common/data-dir.js';
import { createLogger } from '../common/logger.js';
import { loadStageConfig } from '../common/stage-config.js';
import { runStageProcess } from '../common/stage-process.js';
import { enricherConfig } from './config.js';
import { startEnricher } from './run.js';

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
    return runStageProcess({
      name: 'enricher',
      config,
      dataDir,
      log,
      async start({ bus, registry }) {
        const run = await startEnricher({ bus, config, dataDir, registry, log });
        return {
          stop: () => run.stop(),
          ready: async () => {
            const ok = await run.enricher.stage.healthcheck();
            return { ready: ok, checks: { stage: ok } };
          },
          running: { fields: { bus: config.bus.type }, message: 'Enricher stage running.' },
        };
      },
    });
  },
};
