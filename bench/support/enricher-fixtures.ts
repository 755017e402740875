/** Shared by the enricher's tests and bench: the captured result rows and a throwaway enricher around them. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { OspreyError } from '../../common/errors.js';
import { silentLogger } from '../../common/logger.js';
import { fromRoot } from '../../common/paths.js';
import { buildEnricher, type BuildOptions, type Enricher } from '../../enricher/build.js';
import type { HostMetadataInput } from '../../schemas/generated/host_metadata.js';
import type { ResultEvent } from '../../schemas/generated/index.js';

let rows: Record<string, ResultEvent> | undefined;

/** A fresh copy of one fixture row (enricher/ecs/fixtures/result-rows.json), with overrides. */
export function fixtureRow(name: string, overrides: Partial<ResultEvent> = {}): ResultEvent {
  rows ??= JSON.parse(readFileSync(fromRoot('enricher/ecs/fixtures/result-rows.json'), 'utf8')) as Record<
    string,
    ResultEvent
  >;
  const row = rows[name];
  if (!row) throw new Error(`No fixture row ${name}.`);
  return { ...structuredClone(row), ...overrides };
}

export const INVENTORY_FIXTURES = [
  'system_info',
  'os_version',
  'interface_addresses',
  'interface_loopback',
  'osquery_info',
];

export interface TestEnricher extends Enricher {
  readonly dir: string;
  readonly registry: Registry;
  readonly published: HostMetadataInput[];
  readonly deadLettered: Array<{ event: ResultEvent; reason: OspreyError }>;
  dispose(): void;
}

export function testEnricher(overrides: Partial<BuildOptions> = {}): TestEnricher {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-enricher-'));
  const registry = new Registry();
  const published: HostMetadataInput[] = [];
  const deadLettered: Array<{ event: ResultEvent; reason: OspreyError }> = [];
  const enricher = buildEnricher({
    dataDir: dir,
    hashCacheSize: 1000,
    stateKeys: 10_000,
    intel: null,
    intelPollMs: 0,
    waitMs: 0,
    rewaitMs: 60_000,
    historyMs: 3_600_000,
    registry,
    log: silentLogger(),
    publishHosts: async (records) => {
      published.push(...records);
    },
    deadLetter: async (event, reason) => {
      deadLettered.push({ event, reason });
    },
    ...overrides,
  });
  return {
    ...enricher,
    dir,
    registry,
    published,
    deadLettered,
    dispose() {
      enricher.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
