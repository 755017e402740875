/**
 * socket_events through the SQL engine: rows the audit publisher builds (from audit records in the kernel's exact
 * format) go into the real event store and come back with osquery's columns, hidden columns and eid. The publisher's
 * own test (collector/events/publishers/socket.test.ts) drives real kernel audit with real loopback sockets; this
 * file does not take audit, so the two can run at the same time (audit has a single owner).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/engine.js';
import type { Row } from '../../engine/spec.js';
import { AuditAssembler, parseAuditRecord, type AuditRecord } from '../../events/kernel/audit-records.js';
import { socketRow } from '../../events/publishers/socket-row.js';
import { EventStore } from '../../events/store.js';
import { Flags } from '../../flags/flags.js';

const NOW = Math.floor(Date.now() / 1000);
/** A non-blocking connect of node to 127.0.0.1:8443, as kernel 6.18 on x86_64 reports it. */
const CONNECT = [
  [
    1300,
    `audit(${NOW}.120:501): arch=c000003e syscall=42 success=no exit=-115 a0=15 a1=7ffd6c2a1b40 a2=10 a3=0 items=0 ppid=1 pid=31337 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=(none) ses=2 comm="node" exe="/usr/bin/node" key="osprey-sockets"`,
  ],
  [1306, `audit(${NOW}.120:501): saddr=020020FB7F0000010000000000000000`],
  [1320, `audit(${NOW}.120:501): `],
] as const;

describe('socket_events', () => {
  const flags = new Flags();
  const store = new EventStore({ flags });
  let engine: Engine;
  const rows = (sql: string): Row[] => engine.queryRows(sql);

  before(async () => {
    engine = await Engine.create({ services: { flags, eventStore: store } });
    const records = CONNECT.map(([type, text]) => parseAuditRecord(type, text)).filter(
      (r): r is AuditRecord => r !== null,
    );
    const options = { allowFailed: false, allowUnix: false, allowAccept: true, allowNullAccept: false };
    const built = new AuditAssembler().add(records).map((event) => socketRow(event, options));
    store.add(
      'socket_events',
      built.filter((r): r is Row => r !== null),
    );
  });
  after(() => {
    engine.close();
    store.close();
  });

  it('returns stored rows with osquery columns, hidden ones on request, and an eid', () => {
    const row = rows(`SELECT * FROM socket_events WHERE pid = 31337`)[0];
    assert.deepEqual(
      { ...row, uptime: undefined },
      {
        action: 'connect',
        pid: 31337,
        path: '/usr/bin/node',
        fd: '21',
        auid: 1000,
        family: 2,
        local_address: '',
        remote_address: '127.0.0.1',
        local_port: 0,
        remote_port: 8443,
        time: NOW,
        uptime: undefined,
        status: 'in_progress',
      },
    );
    const hidden = rows(`SELECT eid, success, protocol, socket FROM socket_events WHERE remote_port = 8443`)[0];
    assert.match(String(hidden?.eid), /^\d{10}$/);
    assert.equal(hidden?.success, 0);
    assert.equal(hidden?.socket, '');
  });

  it('bounds the scan by time', () => {
    assert.equal(rows(`SELECT 1 FROM socket_events WHERE time >= ${NOW}`).length, 1);
    assert.equal(rows(`SELECT 1 FROM socket_events WHERE time > ${NOW + 60}`).length, 0);
  });
});
