/** The index stage's config (`osprey indexer --config indexer.yml`), validated at start with every error's path. */
import { z } from 'zod';
import { busConfig, metricsConfig } from '../common/stage-kit/stage-config.js';

const namespace = z
  .string()
  .regex(/^[a-z0-9_]{1,100}$/, 'a data stream namespace is lower case letters, digits and _ (no -)')
  .default('default');

export const embeddedSinkConfig = z
  .object({
    type: z.literal('embedded'),
    dir: z.string().optional().describe('Store directory; default <data_dir>/store.'),
    maxAgeDays: z.number().positive().default(30).describe('Retention by age.'),
    maxBytes: z
      .number()
      .int()
      .nonnegative()
      .default(2 * 1024 ** 3)
      .describe('Retention by size; 0 = no limit.'),
  })
  .strict();

export const elasticsearchSinkConfig = z
  .object({
    type: z.literal('elasticsearch'),
    node: z.union([z.string().url(), z.array(z.string().url()).min(1)]),
    apiKey: z.string().optional().describe('Never logged.'),
    username: z.string().optional(),
    password: z.string().optional().describe('Never logged.'),
    caFile: z.string().optional(),
    flushBytes: z.number().int().positive().optional(),
    concurrency: z.number().int().positive().optional(),
  })
  .strict();

export const indexerConfig = z
  .object({
    bus: busConfig.default({ type: 'embedded' }),
    sink: z
      .discriminatedUnion('type', [embeddedSinkConfig, elasticsearchSinkConfig])
      .default({ type: 'embedded', maxAgeDays: 30, maxBytes: 2 * 1024 ** 3 }),
    namespace,
    group: z.string().default('osprey-indexer'),
    metrics: metricsConfig.default({}),
  })
  .strict();

export type IndexerConfig = z.infer<typeof indexerConfig>;
