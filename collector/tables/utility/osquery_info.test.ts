import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../engine/engine.js';

describe('osquery_info', () => {
  it('reports the services the host gave the engine', async () => {
    const engine = await Engine.create({
      services: {
        version: '9.8.7',
        instanceId: 'instance-1',
        startTime: 1234,
        hostUuid: () => 'HOST-UUID',
        configHash: () => 'abc',
        configValid: () => true,
      },
    });
    try {
      assert.deepEqual(engine.queryRows('SELECT * FROM osquery_info'), [
        {
          pid: process.pid,
          uuid: 'HOST-UUID',
          instance_id: 'instance-1',
          version: '9.8.7',
          config_hash: 'abc',
          config_valid: 1,
          extensions: 'inactive',
          build_platform: 'linux',
          build_distro: `node${process.versions.node.split('.')[0]}`,
          start_time: 1234,
          watcher: -1,
          platform_mask: 9,
        },
      ]);
    } finally {
      engine.close();
    }
  });
});
