/**
 * The `osprey enricher|correlator|indexer` command every pipeline stage shares: `--config FILE` and `--data_dir DIR`,
 * a logger, the stage config validated at start-up (errors name their path), then runStageProcess. A stage's command
 * file keeps only its words (usage, description, example) and its start.
 */
import type { z } from 'zod';
import type { Command } from '../command.js';
import { defineFlags, parseFlags } from '../command-flags.js';
import { createLogger, type Logger } from '../logger.js';
import { DATA_DIR_FLAG, stageConfigFlag } from '../stage-flags.js';
import { loadStageConfig } from './stage-config.js';
import {
  runStageProcess,
  type StageKit,
  type StageName,
  type StageProcessConfig,
  type StartedStage,
} from './stage-process.js';

/** What a stage's start gets: the process kit, its validated config, the data directory and the logger. */
export interface StageStart<C> extends StageKit {
  readonly config: C;
  readonly dataDir: string;
  readonly log: Logger;
}

export interface StageCommandSpec<C extends StageProcessConfig> {
  readonly name: StageName;
  readonly usage: string;
  readonly description: string;
  readonly example: string;
  /** What the config file is, for `--config`'s help (`enricher.yml, see enricher/README.md`). */
  readonly configHelp: string;
  readonly schema: z.ZodType<C>;
  start(stage: StageStart<C>): Promise<StartedStage>;
}

export function stageCommand<C extends StageProcessConfig>(spec: StageCommandSpec<C>): Command {
  const flags = defineFlags({ config: stageConfigFlag(spec.configHelp), data_dir: DATA_DIR_FLAG });
  return {
    usage: spec.usage,
    description: spec.description,
    example: spec.example,
    flags,
    async run(argv) {
      const { values } = parseFlags(flags, argv);
      const log = createLogger();
      const config = loadStageConfig(spec.schema, values.config);
      const dataDir = values.data_dir;
      return runStageProcess({
        name: spec.name,
        config,
        dataDir,
        log,
        start: (kit) => spec.start({ ...kit, config, dataDir, log }),
      });
    },
  };
}
