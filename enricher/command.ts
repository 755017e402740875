/** `osprey enricher --config enricher.yml [--data_dir DIR]`: the enricher stage alone, scaled out by running more. */
import type { Command } from '../common/command.js';
import { DATA_DIR_FLAG, stageConfigFlag } from '../common/stage-flags.js';
import { defineFlags, parseFlags } from '../common/command-flags.js';
import { createLogger } from '../common/logger.js';
import { loadStageConfig } from '../common/stage-kit/stage-config.js';
import { runStageProcess } from '../common/stage-kit/stage-process.js';
import { enricherConfig } from './config.js';
import { startEnricher } from './run.js';

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
