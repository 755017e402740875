/** The correlator's config (`osprey correlator --config correlator.yml`), validated at start with every error's path. */
import { z } from 'zod';
import { busConfig, metricsConfig } from '../common/stage-kit/stage-config.js';
import { TOPICS } from '../common/topics.js';
import { DEFAULT_ATTRIBUTION } from './attribution/config.js';

const topic = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9._-]{1,249}$/, 'a Kafka topic name is 1-249 of [A-Za-z0-9._-]');
const ms = z.number().int().min(0);
const count = z.number().int().min(1);
const A = DEFAULT_ATTRIBUTION;

const TOPIC_DEFAULTS = {
  enriched: TOPICS.enriched,
  network: TOPICS.network,
  hosts: TOPICS.hosts,
  attributed: TOPICS.attributed,
  alerts: TOPICS.alerts,
  deadLetter: TOPICS.deadLetter,
};

export const attributionConfig = z
  .object({
    matchWindowMs: ms
      .default(A.matchWindowMs)
      .describe("How far a flow may lie outside a socket row's observed lifetime (the snapshot interval)."),
    clockSkewMs: ms.default(A.clockSkewMs).describe('Clock difference tolerated between sensors and hosts.'),
    allowedLatenessMs: ms
      .default(A.allowedLatenessMs)
      .describe('How late an endpoint event may arrive behind the newest one (watermark lag).'),
    maxWaitMs: ms.default(A.maxWaitMs).describe('Wall-clock bound on how long a flow waits for the watermark.'),
    stateTtlMs: ms.default(A.stateTtlMs).describe('Sockets and processes are forgotten this long after last seen.'),
    openSocketTtlMs: ms
      .default(A.openSocketTtlMs)
      .describe('Sockets known open (added, not yet removed) are forgotten this long after last seen.'),
    maxSockets: count.default(A.maxSockets),
    maxProcesses: count.default(A.maxProcesses),
    maxHosts: count.default(A.maxHosts),
    maxPendingFlows: count.default(A.maxPendingFlows),
    remoteConnectWindowMs: ms
      .default(A.remoteConnectWindowMs)
      .describe(
        'How far a flow may lie from a connect call that names only the remote end (audit) to be attributed to it.',
      ),
  })
  .strict();

export const correlatorConfig = z
  .object({
    bus: busConfig.default({ type: 'embedded' }),
    topics: z
      .object({
        enriched: topic.default(TOPICS.enriched).describe('Endpoint events consumed (enriched_event).'),
        network: topic.default(TOPICS.network).describe('Sensor records consumed (network_event).'),
        hosts: topic
          .default(TOPICS.hosts)
          .describe('Host metadata consumed (host_metadata): addresses for host-by-IP.'),
        attributed: topic.default(TOPICS.attributed).describe('Attributed flows produced (enriched_event).'),
        alerts: topic.default(TOPICS.alerts).describe('Alerts produced (alert).'),
        deadLetter: topic.default(TOPICS.deadLetter),
      })
      .strict()
      .default(TOPIC_DEFAULTS),
    group: z
      .string()
      .min(1)
      .default('osprey-correlator')
      .describe('Consumer group. Run one instance per group: state is in memory.'),
    rules: z
      .object({
        builtin: z
          .boolean()
          .default(true)
          .describe('Load correlator/rules/builtin (IDS, Sigma, correlation, anomalies).'),
        dirs: z.array(z.string().min(1)).default([]).describe('More rule directories (YAML documents with a `type`).'),
      })
      .strict()
      .default({ builtin: true, dirs: [] }),
    attribution: attributionConfig.default(attributionConfig.parse({})),
    tickMs: z
      .number()
      .int()
      .min(10)
      .default(1000)
      .describe('How often time-driven work runs (flow release, eviction, metrics).'),
    metrics: metricsConfig.default({}),
  })
  .strict();

export type CorrelatorConfig = z.infer<typeof correlatorConfig>;
