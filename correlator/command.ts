/** `osprey correlator --config correlator.yml [--data_dir DIR]`: the correlator stage alone. */
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { Command } from '../common/command.js';
import { DATA_DIR_FLAG, stageConfigFlag } from '../common/stage-flags.js';
import { defineFlags, parseFlags } from '../common/command-flags.js';
import { DEFAULT_LISTEN, registerDefaultMetrics, startHealthServer } from '../common/health-server.js';
import { runUntilSignal } from '../common/lifecycle.js';
import { createLogger } from '../common/logger.js';
import { createBus, loadStageConfig } from '../common/stage-config.js';
import { correlatorConfig } from './config.js';
import { startCorrelator } from './run.js';
import { VERSION } from '../common/version.js';

const FLAGS = defineFlags({ config: stageConfigFlag('correlator.yml, see correlator/README.md'), data_dir: DATA_DIR_FLAG });

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
    return runUntilSignal(log, async () => {
      const registry = new Registry();
      registerDefaultMetrics(registry, VERSION);
      const bus = createBus(config.bus, dataDir, log, registry);
      const run = await startCorrelator({ bus, config, registry, log, stateDir: join(dataDir, 'correlator') });
      const health = await startHealthServer({
        listen: config.metrics.listen ?? DEFAULT_LISTEN.correlator,
        registry,
        log,
        ready: async () => ({ ready: true, checks: { rules: run.correlator.detectors.length > 0 } }),
      });
      log.info({ metrics: health.url, detectors: run.correlator.detectors.length }, 'Correlator metrics and health endpoints listening.');
      return async () => {
        await run.stop();
        await health.close();
        await bus.close();
      };
    });
  },
};
