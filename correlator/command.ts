/** `osprey correlator --config correlator.yml [--data_dir DIR]`: the correlator stage alone. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import type { Command } from '../common/command.js';
import { defaultDataDir } from '../common/data-dir.js';
import { DEFAULT_LISTEN, registerDefaultMetrics, startHealthServer } from '../common/health-server.js';
import { runUntilSignal } from '../common/lifecycle.js';
import { createLogger } from '../common/logger.js';
import { createBus, loadStageConfig } from '../common/stage-config.js';
import { correlatorConfig } from './config.js';
import { startCorrelator } from './run.js';
import { VERSION } from '../common/version.js';

export const correlatorCommand: Command = {
  summary: 'Run the correlator: attribute Zeek/Suricata events to host processes and raise alerts',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, data_dir: { type: 'string' } } });
    const log = createLogger();
    const config = loadStageConfig(correlatorConfig, values.config);
    const dataDir = values.data_dir ?? defaultDataDir();
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
