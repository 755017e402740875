import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuditAssembler, auditString, parseAuditRecord, type AuditRecord } from '../kernel/audit-records.js';
import { decodeSockaddr, socketRow, type SocketRowOptions } from './socket-row.js';

/** Records as this machine's kernel (6.18, x86_64) sent them for curl connecting to 127.0.0.1:9 (refused). */
const REFUSED: Array<[number, string]> = [
  [
    1300,
    'audit(1796408238.307:11): arch=c000003e syscall=42 success=no exit=-115 a0=5 a1=55af51ca2548 a2=10 a3=7ffdb647c284 items=0 ppid=12720 pid=12765 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="curl" exe="/usr/bin/curl" key="osprey"',
  ],
  [1306, 'audit(1796408238.307:11): saddr=020000097F0000010000000000000000'],
  [1327, 'audit(1796408238.307:11): proctitle=6375726C002D7300687474703A2F2F3132372E302E302E313A392F'],
  [1320, 'audit(1796408238.307:11): '],
];
const FAILED: Array<[number, string]> = [
  [
    1300,
    'audit(1796408238.271:8): arch=c000003e syscall=42 success=no exit=-111 a0=3 a1=7ffc3e1c77f0 a2=10 a3=0 items=0 ppid=12720 pid=12764 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="python3" exe="/usr/bin/python3.11" key="osprey"',
  ],
  [1306, 'audit(1796408238.271:8): saddr=020000097F0000010000000000000000'],
  [1320, 'audit(1796408238.271:8): '],
];
const UNIX: Array<[number, string]> = [
  [
    1300,
    'audit(1796408238.303:9): arch=c000003e syscall=42 success=yes exit=0 a0=3 a1=7ffdb647c1b0 a2=6e a3=0 items=1 ppid=12720 pid=12765 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="curl" exe="/usr/bin/curl" key="osprey"',
  ],
  [1306, 'audit(1796408238.303:9): saddr=01002F7661722F72756E2F6E7363642F736F636B65740000000000000000'],
  [1320, 'audit(1796408238.303:9): '],
];
/** Written from the kernel's format: an aarch64 bind of [::1]:8080 by a binary whose path has a space (hex). */
const BIND6: Array<[number, string]> = [
  [
    1300,
    'audit(1700000000.5:77): arch=c00000b7 syscall=200 success=yes exit=0 a0=a a1=ffffd0 a2=1c a3=0 items=0 ppid=1 pid=4242 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="srv" exe=2F6F70742F6D7920737276 key="osprey-sockets"',
  ],
  [1306, 'audit(1700000000.5:77): saddr=0A001F90000000000000000000000000000000000000000100000000'],
];

const DEFAULTS: SocketRowOptions = { allowFailed: false, allowUnix: false, allowAccept: true, allowNullAccept: false };

function eventsOf(lines: Array<[number, string]>, assembler = new AuditAssembler()): ReturnType<AuditAssembler['add']> {
  const records = lines.map(([type, text]) => parseAuditRecord(type, text)).filter((r): r is AuditRecord => r !== null);
  return assembler.add(records, 0);
}

describe('audit records', () => {
  it('parses the stamp and fields, quoted, hex-encoded and bare', () => {
    const record = parseAuditRecord(REFUSED[0]?.[0] ?? 0, REFUSED[0]?.[1] ?? '');
    assert.equal(record?.serial, 11);
    assert.equal(record?.time, 1796408238.307);
    assert.equal(record?.fields.get('syscall'), '42');
    assert.equal(auditString(record?.fields.get('exe')), '/usr/bin/curl');
    assert.equal(auditString('2F6F70742F6D7920737276'), '/opt/my srv');
    assert.equal(auditString('(null)'), '');
    assert.equal(parseAuditRecord(1300, 'not a record'), null);
  });

  it('groups records by serial until EOE, and flushes events whose EOE never came', () => {
    const assembler = new AuditAssembler(1000);
    const done = eventsOf([...REFUSED, ...BIND6], assembler);
    assert.equal(done.length, 1);
    assert.equal(done[0]?.serial, 11);
    assert.equal(done[0]?.records.length, 3);
    assert.equal(assembler.pending, 1);
    assert.deepEqual(assembler.flush(500), []);
    assert.equal(assembler.flush(1000)[0]?.serial, 77);
  });
});

describe('socket_events rows', () => {
  it('makes a connect row from SYSCALL and SOCKADDR (non-blocking connect: in_progress)', () => {
    const [event] = eventsOf(REFUSED);
    assert.ok(event);
    assert.deepEqual(socketRow(event, DEFAULTS, 1796400000), {
      action: 'connect',
      pid: 12765,
      path: '/usr/bin/curl',
      fd: '5',
      auid: 4294967295,
      success: 0,
      status: 'in_progress',
      family: 2,
      protocol: 0,
      local_address: '',
      remote_address: '127.0.0.1',
      local_port: 0,
      remote_port: 9,
      socket: '',
      time: 1796408238,
      uptime: 8238,
    });
  });

  it('drops failed calls unless audit_allow_failed_socket_events', () => {
    const [event] = eventsOf(FAILED);
    assert.ok(event);
    assert.equal(socketRow(event, DEFAULTS), null);
    const row = socketRow(event, { ...DEFAULTS, allowFailed: true });
    assert.equal(row?.status, 'failed');
    assert.equal(row?.auid, 1000);
  });

  it('drops UNIX sockets unless audit_allow_unix, then names the path', () => {
    const [event] = eventsOf(UNIX);
    assert.ok(event);
    assert.equal(socketRow(event, DEFAULTS), null);
    const row = socketRow(event, { ...DEFAULTS, allowUnix: true });
    assert.equal(row?.family, 1);
    assert.equal(row?.socket, '/var/run/nscd/socket');
    assert.equal(row?.status, 'succeeded');
  });

  it('makes a bind row with the local IPv6 address on aarch64', () => {
    const [event] = eventsOf(BIND6, new AuditAssembler(0));
    assert.ok(event);
    const row = socketRow(event, DEFAULTS);
    assert.equal(row?.action, 'bind');
    assert.equal(row?.path, '/opt/my srv');
    assert.equal(row?.local_address, '::1');
    assert.equal(row?.local_port, 8080);
    assert.equal(row?.remote_address, '');
    assert.equal(row?.family, 10);
  });

  it('decodes abstract UNIX names and rejects malformed sockaddr hex', () => {
    assert.equal(decodeSockaddr('0100006162630000')?.path, '@abc');
    assert.equal(decodeSockaddr('zz'), null);
  });

  it('decodes IPv6 sockaddr_in6 as RHEL 7 audit logs print them, zeros compressed (RFC 5952)', () => {
    // From go-libaudit's audit-rhel7.log (sshd binding [::]:22), and a documentation address.
    const any = decodeSockaddr('0A000016000000000000000000000000000000000000000000000000');
    assert.deepEqual([any?.family, any?.address, any?.port], [10, '::', 22]);
    const doc = decodeSockaddr('0A0001BB0000000020010DB8000000000000000000000001');
    assert.deepEqual([doc?.family, doc?.address, doc?.port], [10, '2001:db8::1', 443]);
  });
});
