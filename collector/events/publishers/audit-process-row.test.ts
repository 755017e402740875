import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuditAssembler, parseAuditRecord, type AuditEvent, type AuditRecord } from '../kernel/audit-records.js';
import { auditProcessRow, execArguments, processSyscallsFor, withFileTimes } from './audit-process-row.js';

type Raw = Array<[number, string]>;

/** Records as this machine's kernel (6.18, x86_64) sent them for Node spawning `/bin/sleep 0.2` in /tmp. */
const SLEEP: Raw = [
  [
    1300,
    'audit(1796410437.327:16852): arch=c000003e syscall=59 success=yes exit=0 a0=7ffd441e38c8 a1=d0e7ff0 a2=d0f7170 a3=8 items=2 ppid=31328 pid=31347 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="sleep" exe="/usr/bin/sleep" key="osprey-capture"',
  ],
  [
    1321,
    'audit(1796410437.327:16852): fver=0 fp=0 fi=0 fe=0 old_pp=000001fffeffffff old_pi=0 old_pe=000001fffeffffff old_pa=0 pp=000001fffeffffff pi=0 pe=000001fffeffffff pa=0 frootid=0',
  ],
  [1309, 'audit(1796410437.327:16852): argc=2 a0="/bin/sleep" a1="0.2"'],
  [1307, 'audit(1796410437.327:16852): cwd="/tmp"'],
  [
    1302,
    'audit(1796410437.327:16852): item=0 name="/bin/sleep" inode=260875 dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
  ],
  [
    1302,
    'audit(1796410437.327:16852): item=1 name="/lib64/ld-linux-x86-64.so.2" inode=338944 dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
  ],
  [1327, 'audit(1796410437.327:16852): proctitle=2F62696E2F736C65657000302E32'],
  [1320, 'audit(1796410437.327:16852): '],
];

/**
 * The same kernel for `/bin/echo 'a b' 'q"uote' <20 x> <9000 x>`: arguments with a space or a quote are hex, and the
 * 9000-byte one is split into a4[0..2] over three EXECVE records (chunk lengths as the kernel cut them).
 */
const LONG = 'x'.repeat(9000);
const chunk = (hexChars: number): string => '78'.repeat(hexChars / 2);
const ECHO: Raw = [
  [
    1300,
    'audit(1796410437.547:16853): arch=c000003e syscall=59 success=yes exit=0 a0=7ffef9ac1b18 a1=782ed50 a2=7840830 a3=8 items=2 ppid=31328 pid=31348 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="echo" exe="/usr/bin/echo" key="osprey-capture"',
  ],
  [
    1309,
    `audit(1796410437.547:16853): argc=5 a0="/bin/echo" a1=612062 a2=7122756F7465 a3="xxxxxxxxxxxxxxxxxxxx" a4_len=18000 a4[0]=${chunk(7412)}`,
  ],
  [1309, `audit(1796410437.547:16853):  a4[1]=${chunk(7492)}`],
  [1309, `audit(1796410437.547:16853):  a4[2]=${chunk(3096)}`],
  [1307, 'audit(1796410437.547:16853): cwd="/work/main"'],
  [
    1302,
    'audit(1796410437.547:16853): item=0 name="/bin/echo" inode=260249 dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
  ],
  [
    1302,
    'audit(1796410437.547:16853): item=1 name="/lib64/ld-linux-x86-64.so.2" inode=338944 dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
  ],
  [1320, 'audit(1796410437.547:16853): '],
];

/** The same kernel: bash forking (glibc fork() is clone(SIGCHLD|CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID)). */
const FORK: Raw = [
  [
    1300,
    'audit(1796410423.347:16312): arch=c000003e syscall=56 success=yes exit=31038 a0=1200011 a1=0 a2=0 a3=7f2013353a10 items=0 ppid=30984 pid=30985 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="bash" exe="/usr/bin/bash" key="osprey-capture"',
  ],
  [1327, 'audit(1796410423.347:16312): proctitle=62617368002F6465762F66642F33'],
  [1320, 'audit(1796410423.347:16312): '],
];

/** Written from the kernel's format: a thread (CLONE_THREAD in a0), and an exec that failed (ENOENT). */
const THREAD: Raw = [
  [
    1300,
    'audit(1796410423.400:20): arch=c000003e syscall=56 success=yes exit=31050 a0=3d0f00 a1=7f0000 a2=7f0010 a3=7f0020 items=0 ppid=1 pid=30985 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="node" exe="/usr/bin/node" key="osprey-processes"',
  ],
  [1320, 'audit(1796410423.400:20): '],
];
const FAILED_EXEC: Raw = [
  [
    1300,
    'audit(1796410423.401:21): arch=c000003e syscall=59 success=no exit=-2 a0=55 a1=56 a2=57 a3=0 items=1 ppid=1 pid=30990 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="bash" exe="/usr/bin/bash" key="osprey-processes"',
  ],
  [1307, 'audit(1796410423.401:21): cwd="/home/me"'],
  [
    1302,
    'audit(1796410423.401:21): item=0 name="/usr/local/bin/nope" nametype=UNKNOWN cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
  ],
  [1320, 'audit(1796410423.401:21): '],
];

/** Written from the kernel's format: an aarch64 execveat of a binary in a directory whose name has a space (hex). */
const EXECVEAT_ARM: Raw = [
  [
    1300,
    'audit(1700000000.5:77): arch=c00000b7 syscall=281 success=yes exit=0 a0=3 a1=ffffd0 a2=ffffe0 a3=ffff00 items=2 ppid=10 pid=4242 auid=1000 uid=1000 gid=1001 euid=0 suid=0 fsuid=0 egid=1001 sgid=1001 fsgid=1001 tty=pts0 ses=3 comm="tool" exe=2F6F70742F6D7920746F6F6C key="osprey-processes"',
  ],
  [1309, 'audit(1700000000.5:77): argc=3 a0="tool" a1="--flag" a2=C3A9'],
  [1307, 'audit(1700000000.5:77): cwd=2F686F6D652F6D7920646972'],
  [
    1302,
    'audit(1700000000.5:77): item=0 name="tool" inode=5 dev=fe:00 mode=0104750 ouid=0 ogid=27 rdev=00:00 nametype=NORMAL',
  ],
];

function eventsOf(...raws: Raw[]): AuditEvent[] {
  const records = raws
    .flat()
    .map(([type, text]) => parseAuditRecord(type, text))
    .filter((r): r is AuditRecord => r !== null);
  const assembler = new AuditAssembler();
  return [...assembler.add(records, 0), ...assembler.flush(0, true)];
}

function onlyEvent(raw: Raw): AuditEvent {
  const [event] = eventsOf(raw);
  assert.ok(event, 'one event');
  return event;
}

describe('auditProcessRow', () => {
  it('maps SYSCALL, EXECVE, CWD and PATH of an execve to an osquery process_events row', () => {
    const row = auditProcessRow(onlyEvent(SLEEP), false, 1796400000);
    assert.deepEqual(row, {
      pid: 31347,
      path: '/usr/bin/sleep',
      mode: '0100755',
      cmdline: '/bin/sleep 0.2',
      cmdline_size: 14,
      cwd: '/tmp',
      auid: 4294967295,
      uid: 0,
      euid: 0,
      gid: 0,
      egid: 0,
      fsuid: 0,
      suid: 0,
      fsgid: 0,
      sgid: 0,
      owner_uid: 0,
      owner_gid: 0,
      overflows: '',
      parent: 31328,
      time: 1796410437,
      uptime: 10437,
      syscall: 'execve',
    });
  });

  it('decodes hex arguments and joins a long argument split over several EXECVE records', () => {
    const event = onlyEvent(ECHO);
    assert.deepEqual(execArguments(event.records), ['/bin/echo', 'a b', 'q"uote', 'x'.repeat(20), LONG]);
    const row = auditProcessRow(event, false);
    assert.equal(row?.cmdline, `/bin/echo a b q"uote ${'x'.repeat(20)} ${LONG}`);
    assert.equal(row.cmdline_size, 9 + 4 + 7 + 21 + 9001);
    assert.equal(row.cwd, '/work/main');
    assert.equal(row.uptime, null, 'no boot time, no uptime');
  });

  it('maps an aarch64 execveat with hex exe, cwd and UTF-8 argument, and the ids as recorded', () => {
    const row = auditProcessRow(onlyEvent(EXECVEAT_ARM), false);
    assert.equal(row?.syscall, 'execveat');
    assert.equal(row.path, '/opt/my tool');
    assert.equal(row.cwd, '/home/my dir');
    assert.equal(row.cmdline, 'tool --flag é');
    assert.equal(row.cmdline_size, 14);
    assert.deepEqual([row.uid, row.euid, row.gid, row.egid, row.auid], [1000, 0, 1001, 1001, 1000]);
    assert.deepEqual([row.mode, row.owner_uid, row.owner_gid], ['0104750', 0, 27]);
  });

  it('reports fork rows (child pid from the return value) only with allowFork, and never threads or failed execs', () => {
    const fork = onlyEvent(FORK);
    assert.equal(auditProcessRow(fork, false), null);
    const row = auditProcessRow(fork, true);
    assert.equal(row?.syscall, 'clone');
    assert.equal(row.pid, 31038);
    assert.equal(row.parent, 30985);
    assert.equal(row.path, '/usr/bin/bash');
    assert.equal(row.cmdline, 'bash /dev/fd/3');
    assert.equal(row.cwd, '');
    assert.equal(auditProcessRow(onlyEvent(THREAD), true), null);
    assert.equal(auditProcessRow(onlyEvent(FAILED_EXEC), true), null);
  });

  it('groups interleaved records by serial and ignores events that are not process calls', () => {
    const socket: Raw = [
      [
        1300,
        'audit(1796408238.303:9): arch=c000003e syscall=42 success=yes exit=0 a0=3 a1=7ffdb647c1b0 a2=6e a3=0 items=1 ppid=12720 pid=12765 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="curl" exe="/usr/bin/curl" key="osprey"',
      ],
      [1320, 'audit(1796408238.303:9): '],
    ];
    const interleaved: Raw = SLEEP.flatMap((record, i) => [record, ...(ECHO[i] ? [ECHO[i]] : [])]);
    const rows = eventsOf(interleaved, socket).map((e) => auditProcessRow(e, true));
    assert.deepEqual(
      rows.map((r) => r?.pid ?? null),
      [31347, 31348, null],
    );
  });

  it('lists the syscalls to watch per arch, and adds file times of an executable that exists', () => {
    assert.deepEqual(
      processSyscallsFor('x64', false)?.syscalls.sort((a, b) => a - b),
      [59, 322],
    );
    assert.deepEqual(
      processSyscallsFor('x64', true)?.syscalls.sort((a, b) => a - b),
      [56, 57, 58, 59, 322],
    );
    assert.deepEqual(
      processSyscallsFor('arm64', true)?.syscalls.sort((a, b) => a - b),
      [220, 221, 281],
    );
    assert.equal(processSyscallsFor('ia32', true), undefined);
    const withTimes = withFileTimes({ path: process.execPath, syscall: 'execve' });
    assert.ok(Number(withTimes.mtime) > 0 && Number(withTimes.ctime) > 0);
    assert.deepEqual(withFileTimes({ path: '/nonexistent/osprey', syscall: 'execve' }), {
      path: '/nonexistent/osprey',
      syscall: 'execve',
    });
  });
});
