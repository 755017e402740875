import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { RegistryRow } from '../../engine/spec.js';
import { genOsqueryRegistry } from './osquery_registry.js';

describe('osquery_registry', () => {
  it('reports the plugins the host registered', () => {
    const plugins: RegistryRow[] = [
      { registry: 'logger', name: 'filesystem', owner_uuid: 0, internal: 0, active: 1 },
      { registry: 'table', name: 'processes', owner_uuid: 0, internal: 0, active: 1 },
    ];
    const ctx = createQueryContext({ table: 'osquery_registry', services: { registry: { list: () => plugins } } });
    assert.deepEqual([...genOsqueryRegistry(ctx)], plugins);
  });

  it('returns no rows without a registry', () => {
    assert.deepEqual([...genOsqueryRegistry(createQueryContext({ table: 'osquery_registry' }))], []);
  });
});
