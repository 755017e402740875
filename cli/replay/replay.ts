/**
 * The replay engine: recorded records, sorted by event time, go through the enricher (host rows) and the
 * correlator (every record) in-process, as fast as they can; attributed flows and alerts go to the embedded store.
 * The clock both stages see is the replay clock (the newest record time so far), so watermarks, the attributor's
 * wait bound and every rule window follow the recorded timestamps, not the wall clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { Logger } from '../../common/logger.js';
import { buildCorrelator, type Correlator } from '../../correlator/build.js';
import { correlatorConfig } from '../../correlator/config.js';
import type { CorrelatorInput, CorrelatorOutput } from '../../correlator/stage.js';
import { buildEnricher, type Enricher } from '../../enricher/build.js';
import { toIndexDocument, type IndexDocument } from '../../indexer/documents/documents.js';
import { DocumentStore } from '../../indexer/store/store.js';
import type { AlertInput } from '../../schemas/generated/alert.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { HostMetadataInput } from '../../schemas/generated/host_metadata.js';
import type { ResultEvent } from '../../schemas/generated/result_event.js';
import type { ReplayRecord } from './sources.js';

export interface ReplayEngineOptions {
  /** In event time: all of them, or a stream of batches (stream.ts). */
  readonly records: readonly ReplayRecord[] | AsyncIterable<readonly ReplayRecord[]>;
  /** Embedded store directory for flows and alerts; null = keep nothing (bench, quality runs that only count). */
  readonly storeDir: string | null;
  /** Extra rule directories beside the built-in ones. */
  readonly ruleDirs?: readonly string[];
  readonly builtinRules?: boolean;
  readonly log: Logger;
  /** Called every batch: records done and the replay clock. */
  readonly onProgress?: (done: number, clock: number) => void;
  /** Records per batch when `records` is an array (a stream comes batched). */
  readonly batchSize?: number;
}

/** What the quality report needs of an attributed flow. */
export interface FlowFacts {
  readonly id: string;
  readonly time: number;
  readonly srcIp: string | null;
  readonly srcPort: number | null;
  readonly dstIp: string | null;
  readonly dstPort: number | null;
  readonly process: boolean;
}

export interface ReplayOutcome {
  readonly flows: FlowFacts[];
  readonly alerts: AlertInput[];
  /** Host rows the enricher could not map (each logged). */
  readonly hostRowsRejected: number;
  readonly ruleErrors: number;
  /** Flows still waiting when the recording ended (released by the final flush, not by the replay clock). */
  readonly heldToEnd: number;
}

export async function runReplay(options: ReplayEngineOptions): Promise<ReplayOutcome> {
  const batches = batchesOf(options.records, options.batchSize ?? 2000);
  // The first batch is read before the stages are built: they start at the recording's first time.
  const first = await batches.next();
  let clock = first.done === true ? 0 : ((first.value[0] as ReplayRecord | undefined)?.time ?? 0);
  const now = (): number => clock;
  const scratch = mkdtempSync(join(tmpdir(), 'osprey-replay-'));
  const hostsPublished: HostMetadataInput[] = [];
  let rejected = 0;
  const enricher = replayEnricher({ scratch, now, log: options.log, hostsPublished, onReject: () => rejected++ });
  const correlator = replayCorrelator(options, now);
  const store = options.storeDir === null ? null : new DocumentStore({ dir: options.storeDir });
  const outcome: ReplayOutcome = { flows: [], alerts: [], hostRowsRejected: 0, ruleErrors: 0, heldToEnd: 0 };
  let heldToEnd = 0;
  let done = 0;
  try {
    for (let next = first; next.done !== true; next = await batches.next()) {
      const batch = next.value;
      clock = newest(batch, clock);
      const inputs = await correlatorInputs(batch, enricher, hostsPublished);
      collect(await correlator.stage.process(inputs), outcome, store);
      done += batch.length;
      options.onProgress?.(done, clock);
    }
    const beforeClose = outcome.flows.length;
    collect(await correlator.stage.close(), outcome, store);
    heldToEnd = outcome.flows.length - beforeClose;
  } finally {
    await batches.return(undefined);
    store?.close();
    enricher.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return { ...outcome, hostRowsRejected: rejected, heldToEnd };
}

/** The replay clock after a batch: the newest time so far (a record out of order never moves it back). */
function newest(batch: readonly ReplayRecord[], clock: number): number {
  let time = clock;
  for (const record of batch) if (record.time > time) time = record.time;
  return time;
}

/** An array sliced into batches, or a stream's own batches. */
async function* batchesOf(
  records: ReplayEngineOptions['records'],
  size: number,
): AsyncGenerator<readonly ReplayRecord[]> {
  if (!Array.isArray(records)) {
    yield* records as AsyncIterable<readonly ReplayRecord[]>;
    return;
  }
  for (let start = 0; start < records.length; start += size) yield records.slice(start, start + size);
}

interface EnricherWiring {
  readonly scratch: string;
  readonly now: () => number;
  readonly log: Logger;
  readonly hostsPublished: HostMetadataInput[];
  onReject(): void;
}

function replayEnricher(wiring: EnricherWiring): Enricher {
  return buildEnricher({
    dataDir: wiring.scratch,
    hashCacheSize: 200_000,
    stateKeys: 1_000_000,
    intel: null,
    intelPollMs: 0,
    // Every row of the recording is already here: waiting for host metadata would only wait for nothing.
    waitMs: 0,
    rewaitMs: 0,
    historyMs: 3_600_000,
    registry: new Registry(),
    log: wiring.log,
    clock: wiring.now,
    publishHosts: async (records) => void wiring.hostsPublished.push(...records),
    deadLetter: async (event, reason) => {
      wiring.onReject();
      wiring.log.warn(
        { err: reason, query: event.name, host: event.hostIdentifier },
        'A host row could not be mapped; skipped.',
      );
    },
  });
}

function replayCorrelator(options: ReplayEngineOptions, now: () => number): Correlator {
  // The embedded defaults, as `osprey correlator` runs without a config file.
  const config = correlatorConfig.parse({
    rules: { builtin: options.builtinRules ?? true, dirs: [...(options.ruleDirs ?? [])] },
  });
  return buildCorrelator({
    attribution: config.attribution,
    rules: config.rules,
    registry: new Registry(),
    log: options.log,
    now,
  });
}

/** Host rows through the enricher first (their facts serve the flows of the same batch), then the network records. */
async function correlatorInputs(
  batch: readonly ReplayRecord[],
  enricher: Enricher,
  hostsPublished: HostMetadataInput[],
): Promise<CorrelatorInput[]> {
  const rows: ResultEvent[] = [];
  const inputs: CorrelatorInput[] = [];
  for (const record of batch) if (record.input.kind === 'host') rows.push(record.input.value);
  const enriched: EnrichedEventInput[] = rows.length > 0 ? await enricher.stage.process(rows) : [];
  for (const host of hostsPublished.splice(0))
    inputs.push({ schema: 'host_metadata', value: { hostIdentifier: host.hostIdentifier, host: host.host } });
  for (const doc of enriched) inputs.push({ schema: 'enriched_event', value: doc });
  for (const record of batch)
    if (record.input.kind === 'network') inputs.push({ schema: 'network_event', value: record.input.value });
  return inputs;
}

function collect(outputs: readonly CorrelatorOutput[], outcome: ReplayOutcome, store: DocumentStore | null): void {
  const docs: IndexDocument[] = [];
  for (const output of outputs) {
    if (output.kind === 'alert') {
      outcome.alerts.push(output.value);
      if (store) docs.push(toIndexDocument('alert', output.value as unknown as Record<string, unknown>, 'default'));
      continue;
    }
    const doc = output.value;
    outcome.flows.push({
      id: doc.id,
      time: doc.timestamp,
      srcIp: doc.source?.ip ?? null,
      srcPort: doc.source?.port ?? null,
      dstIp: doc.destination?.ip ?? null,
      dstPort: doc.destination?.port ?? null,
      process: doc.process?.pid !== null && doc.process?.pid !== undefined,
    });
    if (store) docs.push(toIndexDocument('network', doc as unknown as Record<string, unknown>, 'default'));
  }
  if (store && docs.length > 0) store.write(docs);
}
