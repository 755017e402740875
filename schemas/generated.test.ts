import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fromRoot } from '../common/paths.js';

test('the generated TypeScript types and the schema id table are current with schemas/avro/*.avsc', () => {
  const result = spawnSync(process.execPath, [fromRoot('scripts/gen-schema-types.mjs'), '--check'], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
});
