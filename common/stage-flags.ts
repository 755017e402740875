/** Flags several commands share, declared once so they read the same everywhere. */
import { defaultDataDir } from './data-dir.js';
import type { BooleanFlag, StringFlag } from './command-flags.js';

export const DATA_DIR_FLAG = {
  type: 'string',
  value: 'DIR',
  default: defaultDataDir,
  description: 'Where Osprey keeps its state ($OSPREY_DATA_DIR, else ~/.osprey/data)',
  complete: 'dir',
} as const satisfies StringFlag;

export function stageConfigFlag(example: string): StringFlag {
  return {
    type: 'string',
    value: 'FILE',
    description: `The stage's YAML config (${example}); built-in defaults without it`,
    complete: 'file',
  };
}

export const QUIET_FLAG = {
  type: 'boolean',
  short: 'q',
  description: 'No progress display (it shows only on a terminal anyway)',
} as const satisfies BooleanFlag;
