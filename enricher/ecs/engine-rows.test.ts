import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromRoot } from '../../common/paths.js';
import { mapResultEvent } from './map-event.js';
import { tableFromColumns } from './registry.js';

/** Rows Osprey's engine returned on the build machine (fixtures/PROVENANCE.md). */
const CAPTURED = JSON.parse(readFileSync(fromRoot('enricher/ecs/fixtures/engine-rows.json'), 'utf8')) as {
  tables: Record<string, { sql: string; rows: Array<Record<string, string>> }>;
};

const event = (name: string, columns: Record<string, string>, i: number) => ({
  id: `${name}-${i}`,
  name,
  hostIdentifier: 'vm',
  calendarTime: 'Sun Nov 22 05:40:00 2026 UTC',
  unixTime: 1795326000,
  epoch: 0,
  counter: 1,
  numerics: false,
  action: 'added' as const,
  decorations: {},
  columns,
});

for (const [table, { rows }] of Object.entries(CAPTURED.tables)) {
  test(`captured ${table} rows are recognised by their columns alone and map to osquery.${table}`, () => {
    for (const [i, columns] of rows.entries()) {
      assert.equal(tableFromColumns(columns)?.table, table, `row ${i}`);
      // An ad-hoc query name says nothing: the columns decide.
      const { doc, known } = mapResultEvent(event('adhoc_query', columns, i), 0);
      assert.ok(known);
      assert.equal(doc.event.dataset, `osquery.${table}`);
      assert.deepEqual(doc.osquery?.columns, columns);
    }
  });
}

test('captured socket rows: a listening socket has no remote end, its local end is where clients connect', () => {
  const [listening] = CAPTURED.tables.listening_ports?.rows ?? [];
  const [open] = CAPTURED.tables.process_open_sockets?.rows ?? [];
  assert.ok(listening && open);
  const port = mapResultEvent(event('pack_incident-response_listening_ports', listening, 0), 0).doc;
  assert.deepEqual(port.destination, {
    ip: listening.address,
    port: Number(listening.port),
    address: listening.address,
  });
  assert.equal(port.network?.transport, 'tcp');
  const socket = mapResultEvent(event('pack_incident-response_process_open_sockets', open, 0), 0).doc;
  assert.equal(socket.source?.port, Number(open.local_port));
  // remote 0.0.0.0:0 is osquery's "no peer".
  assert.equal(socket.destination ?? null, null);
});

test('captured processes row: pid 1 with no readable path still has its name and command line', () => {
  const [init] = CAPTURED.tables.processes?.rows ?? [];
  assert.ok(init);
  const doc = mapResultEvent(event('processes', init, 0), 0).doc;
  assert.equal(doc.process?.pid, 1);
  assert.equal(doc.process?.ppid, 0);
  assert.equal(doc.process?.name, init.name);
  assert.equal(doc.process?.executable, null);
  assert.equal(doc.process?.command_line, init.cmdline);
  assert.equal(doc.process?.start, Number(init.start_time) * 1000);
});
