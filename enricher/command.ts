/** `osprey enricher --config enricher.yml [--data_dir DIR]`: the enricher stage alone, scaled out by running more. */
import { stageCommand } from '../common/stage-kit/stage-command.js';
import { enricherConfig } from './config.js';
import { startEnricher } from './run.js';

export const enricherCommand = stageCommand({
  name: 'enricher',
  usage: 'osprey enricher [--config enricher.yml] [--data_dir DIR]',
  description:
    'Consumes result rows, maps them to ECS, joins host metadata, file hashes, users, parent processes and threat\n' +
    'intelligence, and writes enriched events.',
  example: 'osprey enricher --config /etc/osprey/enricher.yml --data_dir /var/lib/osprey',
  configHelp: 'enricher.yml, see enricher/README.md',
  schema: enricherConfig,
  async start({ bus, config, dataDir, registry, log }) {
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
