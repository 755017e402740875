import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flags } from '../../flags/flags.js';
import { createQueryContext } from '../../engine/context.js';
import { genOsqueryFlags } from './osquery_flags.js';

describe('osquery_flags', () => {
  it("reports the host's flags with their current values", () => {
    const flags = new Flags();
    flags.set('logger_plugin', 'filesystem,kafka_producer');
    const rows = [...genOsqueryFlags(createQueryContext({ table: 'osquery_flags', services: { flags } }))];
    const logger = rows.find((r) => r.name === 'logger_plugin');
    assert.deepEqual(
      [logger?.value, logger?.default_value, logger?.type],
      ['filesystem,kafka_producer', 'filesystem', 'string'],
    );
    assert.ok(
      rows.every((r) => String(r.name).length > 1),
      'single-character flags are skipped',
    );
    assert.ok(rows.some((r) => r.shell_only === 1) && rows.some((r) => r.shell_only === 0));
  });

  it("falls back to osquery's defaults without a flag registry", () => {
    const rows = [...genOsqueryFlags(createQueryContext({ table: 'osquery_flags' }))];
    const docker = rows.find((r) => r.name === 'docker_socket');
    assert.deepEqual([docker?.value, docker?.default_value], ['/var/run/docker.sock', '/var/run/docker.sock']);
    assert.ok(rows.length > 200);
  });
});
