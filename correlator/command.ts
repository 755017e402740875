/** `osprey correlator --config correlator.yml [--data_dir DIR]`: the correlator stage alone. */
import { join } from 'node:path';
import type { Command } from '../common/command.js';
import { DATA_DIR_FLAG, stageConfigFlag } from '../common/stage-flags.js';
import { defineFlags, parseFlags } from '../common/command-flags.js';
import { createLogger } from '../common/logger.js';
import { loadStageConfig } from '../common/stage-kit/stage-config.js';
import { runStageProcess } from '../common/stage-kit/stage-process.js';
import { correlatorConfig } from './config.js';
import { startCorrelator } from './run.js';

const FLAGS = defineFlags({
  config: stageConfigFlag('correlator.yml, see correlator/README.md'),
  data_dir: DATA_DIR_FLAG,
});

export const correlatorCommand: Command = {
  usage: 'osprey correlator [--config correlator.yml] [--data_dir DIR]',
  description:
    'Attributes Zeek and Suricata network events to the host processes that made them, runs the Sigma, IDS and\n' +
    'anomaly rules over the joined stream and writes alerts.',
  example: 'osprey correlator --config /etc/osprey/correlator.yml --data_dir /var/lib/osprey',
  flags: FLAGS,
  async run(argv) {
    const { values } = parseFlags(FLAGS, argv);
    const log = createLogger();
    const config = loadStageConfig(correlatorConfig, values.config);
    const dataDir = values.data_dir;
    return runStageProcess({
      name: 'correlator',
      config,
      dataDir,
      log,
      async start({ bus, registry }) {
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
  },
};
