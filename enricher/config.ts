/** The enricher's config (`osprey enricher --config enricher.yml`), validated at start with every error's path. */
import { z } from 'zod';
import { busConfig, metricsConfig } from '../common/stage-kit/stage-config.js';
import { TOPICS } from '../common/topics.js';

const topic = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9._-]{1,249}$/, 'a Kafka topic name is 1-249 of [A-Za-z0-9._-]');
const paths = z.array(z.string().min(1)).default([]);

export const enricherConfig = z
  .object({
    bus: busConfig.default({ type: 'embedded' }),
    topics: z
      .object({
        results: topic.default(TOPICS.results).describe('Result rows consumed (result_event).'),
        enriched: topic.default(TOPICS.enriched).describe('ECS documents produced (enriched_event).'),
        hosts: topic.default(TOPICS.hosts).describe('Compacted host metadata, read and written (host_metadata).'),
        deadLetter: topic.default(TOPICS.deadLetter).describe('Undecodable or unmappable rows, with the reason.'),
      })
      .strict()
      .default({
        results: TOPICS.results,
        enriched: TOPICS.enriched,
        hosts: TOPICS.hosts,
        deadLetter: TOPICS.deadLetter,
      }),
    group: z.string().min(1).default('osprey-enricher').describe('Consumer group shared by all enricher instances.'),
    intel: z
      .object({
        hashes: paths.describe('Files of bad MD5 / SHA-1 / SHA-256 hashes, one a line, # comments.'),
        ips: paths.describe('Files of bad IPv4 / IPv6 addresses.'),
        domains: paths.describe('Files of bad domains (subdomains match too).'),
        pollMs: z.number().int().min(100).default(5000).describe('Fallback mtime check when fs.watch misses a change.'),
      })
      .strict()
      .default({ hashes: [], ips: [], domains: [], pollMs: 5000 }),
    waitMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(2000)
      .describe('How long a row waits for host metadata still on its way.'),
    rewaitMs: z
      .number()
      .int()
      .min(0)
      .default(60_000)
      .describe('After a timed-out wait, the host is not waited for again for this long.'),
    hostsCatchUpMs: z
      .number()
      .int()
      .min(0)
      .default(10_000)
      .describe('At start, how long to read the hosts topic before consuming results.'),
    hashCacheSize: z
      .number()
      .int()
      .min(1)
      .default(200_000)
      .describe('File hash entries kept (memory and the SQLite file).'),
    stateKeys: z
      .number()
      .int()
      .min(1)
      .default(1_000_000)
      .describe('Users and processes remembered, per kind, across all hosts.'),
    historyMs: z
      .number()
      .int()
      .min(0)
      .default(3_600_000)
      .describe('Users and processes that ended longer ago than this are forgotten.'),
    dataDir: z.string().optional().describe('Where the hash cache lives; default <data_dir>/enricher.'),
    metrics: metricsConfig.default({}),
  })
  .strict();

export type EnricherConfig = z.infer<typeof enricherConfig>;
