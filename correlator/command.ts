/** `osprey correlator --config correlator.yml [--data_dir DIR]`: the correlator stage alone. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../cli/command.js';
import { defaultDataDir } from '../common/data-dir.js';
import { createLogger } from '../common/logger.js';
import { loadStageConfig } from '../common/stage-config.js';
import { runStageProcess } from '../common/stage-process.js';
import { correlatorConfig } from './config.js';
import { startCorrelator } from './run.js';

export const correlatorCommand: Command = {
  summary: 'Run the correlator: attribute Zeek/Suricata events to host processes and raise alerts',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, data_dir: { type: 'string' } } });
    const log = createLogger();
    const config = loadStageConfig(correlatorConfig, values.config);
    const dataDir = values.data_dir ?? defaultDataDir();
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
          running: { fields: { detectors: run.correlator.detectors.length }, message: 'Correlator metrics and health endpoints listening.' },
        };
      },
    });
  },
};
