/**
 * user_events, selinux_events, apparmor_events and seccomp_events through the SQL engine: real audit record text
 * goes through the publisher's parser and row builders into the event store and comes back with osquery's columns.
 *
 * Record sources (the netlink text is what follows `type=X msg=` in audit.log, which auditd prepends):
 * - USER_AUTH: Red Hat Security Guide, "Understanding Audit Log Files" (su failing for root; the old `user ` word
 *   before pid dropped, as kernels since 4.x no longer write it).
 * - SELinux AVC: Red Hat SELinux Guide, "Raw Audit Messages" (certwatch denied write on /var/cache).
 * - AppArmor AVC: https://devopsaitoolkit.com/blog/security-error-apparmor-denied/ (mysqld denied read).
 * - SECCOMP: the qemu record quoted in osquery's osquery/events/linux/auditeventpublisher.h.
 * The live paths (a USER message and a seccomp LOG record from this kernel) are in
 * collector/events/publishers/audit-records.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/engine.js';
import type { Row } from '../../engine/spec.js';
import { parseAuditRecord } from '../../events/kernel/audit-records.js';
import { recordRow, recordTable } from '../../events/publishers/audit-record-rows.js';
import { EventStore } from '../../events/store.js';
import { Flags } from '../../flags/flags.js';

const NOW = Math.floor(Date.now() / 1000);
const BOOT = NOW - 1000;
const USER_AUTH = `audit(${NOW}.159:24270): pid=3280 uid=1000 auid=1000 ses=1 subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 msg='op=PAM:authentication acct="root" exe="/bin/su" hostname=? addr=? terminal=pts/0 res=failed'`;
const SELINUX_AVC = `audit(${NOW}.848:238): avc:  denied  { write } for  pid=13349 comm="certwatch" name="cache" dev=dm-0 ino=218171 scontext=system_u:system_r:certwatch_t:s0 tcontext=system_u:object_r:var_t:s0 tclass=dir`;
const APPARMOR_AVC = `audit(${NOW}.412:1187): apparmor="DENIED" operation="open" profile="/usr/sbin/mysqld" name="/data/mysql/ibdata1" pid=2244 comm="mysqld" requested_mask="r" denied_mask="r" fsuid=27 ouid=27`;
const SECCOMP = `audit(${NOW}.001:9): auid=65876 uid=0 gid=0 ses=12684 pid=18204 comm="qemu-system-x86" exe="/usr/bin/qemu-system-x86_64" sig=0 arch=c000003e syscall=271 compat=0 ip=0x7f6ba2cdd811 code=0x7ffc0000`;

const RECORDS: ReadonlyArray<readonly [number, string]> = [
  [1100, USER_AUTH],
  [1400, SELINUX_AVC],
  [1400, APPARMOR_AVC],
  [1326, SECCOMP],
];

describe('audit record event tables', () => {
  const flags = new Flags();
  const store = new EventStore({ flags });
  let engine: Engine;
  const rows = (sql: string): Row[] => engine.queryRows(sql);

  before(async () => {
    engine = await Engine.create({ services: { flags, eventStore: store } });
    for (const [type, text] of RECORDS) {
      const record = parseAuditRecord(type, text);
      assert.ok(record, text);
      const table = recordTable(record);
      assert.ok(table, `a table for type ${type}`);
      const row = recordRow(table, record, BOOT);
      if (row !== null) store.add(table, [row]);
    }
  });
  after(() => {
    engine.close();
    store.close();
  });

  it('user_events: the PAM record with osquery columns (message is the first word of msg)', () => {
    assert.deepEqual(rows(`SELECT * FROM user_events`), [
      {
        uid: 1000,
        auid: 1000,
        pid: 3280,
        message: 'op=PAM:authentication',
        type: 1100,
        path: '/bin/su',
        address: '?',
        terminal: 'pts/0',
        time: NOW,
        uptime: 1000,
      },
    ]);
    assert.match(String(rows(`SELECT eid FROM user_events`)[0]?.eid), /^\d{10}$/);
  });

  it('selinux_events: the type label and the raw record', () => {
    assert.deepEqual(rows(`SELECT type, message, time, uptime FROM selinux_events`), [
      { type: 'AVC', message: SELINUX_AVC, time: NOW, uptime: 1000 },
    ]);
  });

  it('apparmor_events: an AVC record with apparmor= is AppArmor (type AA), fields unquoted', () => {
    assert.deepEqual(rows(`SELECT * FROM apparmor_events`), [
      {
        type: 'AA',
        message: APPARMOR_AVC,
        time: NOW,
        uptime: 1000,
        apparmor: 'DENIED',
        operation: 'open',
        parent: 0,
        profile: '/usr/sbin/mysqld',
        name: '/data/mysql/ibdata1',
        pid: 2244,
        comm: 'mysqld',
        denied_mask: 'r',
        capname: '',
        fsuid: 27,
        ouid: 27,
        capability: 0,
        requested_mask: 'r',
        info: '',
        error: '',
        namespace: '',
        label: '',
      },
    ]);
  });

  it('seccomp_events: arch, syscall and action by name as osquery names them', () => {
    assert.deepEqual(rows(`SELECT * FROM seccomp_events`), [
      {
        time: NOW,
        uptime: 1000,
        auid: 65876,
        uid: 0,
        gid: 0,
        ses: 12684,
        pid: 18204,
        comm: 'qemu-system-x86',
        exe: '/usr/bin/qemu-system-x86_64',
        sig: 0,
        arch: 'X86_64',
        syscall: 'ppoll',
        compat: 0,
        ip: '0x7f6ba2cdd811',
        code: 'LOG',
      },
    ]);
  });

  it('names what osquery names, and marks the rest unknown as osquery does', () => {
    const seccomp = (fields: string): Row | null => {
      const record = parseAuditRecord(1326, `audit(${NOW}.001:10): pid=1 ${fields}`);
      assert.ok(record);
      return recordRow('seccomp_events', record, BOOT);
    };
    assert.equal(seccomp('arch=c000003e syscall=1337 code=0x0')?.syscall, '1337(unknown)');
    assert.equal(seccomp('arch=c000003e syscall=0 code=0x0')?.code, 'KILL_THREAD');
    assert.equal(seccomp('arch=c00000b7 syscall=220 code=0x80000000')?.syscall, '220');
    assert.equal(seccomp('arch=c00000b7 syscall=220 code=0x80000000')?.arch, 'AARCH64');
    assert.equal(seccomp('arch=c00000b7 syscall=220 code=0x00050001')?.code, 'ERRNO');
    assert.equal(seccomp('arch=1234 syscall=1 code=0x1230000')?.arch, '4660(unknown)');
    // USER_AVC (1107) is in the user message range, which osquery checks first.
    const userAvc = parseAuditRecord(1107, `audit(${NOW}.001:11): pid=1 uid=0 msg='avc: denied'`);
    assert.ok(userAvc);
    assert.equal(recordTable(userAvc), 'user_events');
    // SYSCALL and the records grouped with it are not single-record events.
    const syscall = parseAuditRecord(1300, `audit(${NOW}.001:12): arch=c000003e syscall=59 success=yes`);
    assert.ok(syscall);
    assert.equal(recordTable(syscall), undefined);
  });
});
