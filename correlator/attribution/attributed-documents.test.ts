/**
 * Pins the stage's output byte for byte on a fixed stream (testing.ts): the attributed documents, and the documents
 * detections see (endpoint events with their process facts filled in, attributed flows). Speed work on attribution
 * must not change a byte; a deliberate change of output updates the fixture (see fixtures/PROVENANCE.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { silentLogger } from '../../common/logger.js';
import { fromRoot } from '../../common/paths.js';
import { correlatorMetrics } from '../metrics.js';
import type { CorrelatorEvent, Detector } from '../rules/types.js';
import { CorrelatorStage } from '../stage.js';
import { Attributor } from './attributor.js';
import { DEFAULT_ATTRIBUTION } from './config.js';
import { GOLDEN_T0, goldenStream } from './testing.js';

const FIXTURE = fromRoot('correlator/attribution/fixtures/attributed-documents.json');

/** Records every event a detection is given, as JSON text. */
function recorder(seen: string[]): Detector {
  return {
    meta: {
      id: 'recorder',
      name: 'recorder',
      type: 'test',
      description: null,
      severity: 'low',
      riskScore: 0,
      tags: [],
      mitreTechniques: [],
    },
    onEvent: (event: CorrelatorEvent) => {
      seen.push(JSON.stringify(event));
      return [];
    },
    evict: () => undefined,
    stateSize: () => 0,
  };
}

test('a fixed stream gives the same attributed documents and detection inputs, byte for byte', async () => {
  const clock = { now: GOLDEN_T0 };
  const attributor = new Attributor(
    { ...DEFAULT_ATTRIBUTION, allowedLatenessMs: 200, maxWaitMs: 60_000, maxPendingFlows: 20 },
    () => clock.now,
  );
  const seen: string[] = [];
  const stage = new CorrelatorStage({
    attributor,
    detectors: [recorder(seen)],
    metrics: correlatorMetrics(new Registry(), () => clock.now),
    log: silentLogger(),
  });
  const outputs: string[] = [];
  const inputs = goldenStream(6_000);
  for (let i = 0; i < inputs.length; i += 37) {
    clock.now += 1_000;
    for (const o of await stage.process(inputs.slice(i, i + 37))) outputs.push(JSON.stringify(o));
  }
  for (const o of await stage.close()) outputs.push(JSON.stringify(o));
  const expected = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
  const actual = {
    outputs: outputs.length,
    detectionInputs: seen.length,
    counters: { ...attributor.counters },
    outputsSha256: createHash('sha256').update(outputs.join('\n')).digest('hex'),
    detectionInputsSha256: createHash('sha256').update(seen.join('\n')).digest('hex'),
  };
  if (process.env.OSPREY_WRITE_GOLDEN) console.log(JSON.stringify(actual, null, 2));
  assert.deepEqual(actual, expected);
});
