/** `osprey correlator --config correlator.yml [--data_dir DIR]`: the correlator stage alone. */
import { join } from 'node:path';
import { stageCommand } from '../common/stage-kit/stage-command.js';
import { correlatorConfig } from './config.js';
import { startCorrelator } from './run.js';

export const correlatorCommand = stageCommand({
  name: 'correlator',
  usage: 'osprey correlator [--config correlator.yml] [--data_dir DIR]',
  description:
    'Attributes Zeek and Suricata network events to the host processes that made them, runs the Sigma, IDS and\n' +
    'anomaly rules over the joined stream and writes alerts.',
  example: 'osprey correlator --config /etc/osprey/correlator.yml --data_dir /var/lib/osprey',
  configHelp: 'correlator.yml, see correlator/README.md',
  schema: correlatorConfig,
  async start({ bus, config, registry, log, dataDir }) {
    const run = await startCorrelator({ bus, config, registry, log, stateDir: join(dataDir, 'correlator') });
    return {
      stop: () => run.stop(),
      ready: async () => ({ ready: true, checks: { rules: run.correlator.detectors.length > 0 } }),
      running: {
        fields: { detectors: run.correlator.detectors.length },
        message: 'Correlator metrics and health endpoints listening.',
      },
    };
  },
});
