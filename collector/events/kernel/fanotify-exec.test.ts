import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { waitFor } from '../publishers/testing.js';
import { execMountPoints, openExecWatch } from './fanotify-exec.js';
import { ProcConnector, type ProcEvent } from './proc-connector.js';

const isRoot = process.getuid?.() === 0;
const scratch = mkdtempSync(join(tmpdir(), 'osprey-fanotify-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A proc connector that keeps every exec event, by pid. */
function execRecorder(fanotify: boolean): { connector: ProcConnector; execOf(pid: number): ProcEvent | undefined } {
  const execs = new Map<number, ProcEvent>();
  const connector = ProcConnector.open(
    { onEvents: (events) => events.filter((e) => e.what === 'exec').forEach((e) => execs.set(e.pid, e)) },
    { fanotify },
  );
  return { connector, execOf: (pid) => execs.get(pid) };
}

async function runToExit(file: string, args: string[]): Promise<number> {
  const child = spawn(file, args, { stdio: 'ignore' });
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error(`${file} did not start`);
  return child.pid;
}

function script(name: string, body: string): string {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o700 });
  chmodSync(path, 0o700);
  return path;
}

describe('execMountPoints', () => {
  it('keeps one mount per filesystem, leaves pseudo filesystems out and unescapes paths', () => {
    const mountinfo = [
      '22 1 252:1 / / rw,relatime shared:1 - ext4 /dev/vda rw',
      '23 22 0:21 / /proc rw,nosuid - proc proc rw',
      '24 22 0:22 / /sys rw - sysfs sysfs rw',
      '25 22 0:5 / /dev rw shared:2 - devtmpfs udev rw',
      '26 22 252:1 /srv /mnt/bind rw shared:1 - ext4 /dev/vda rw',
      '27 22 0:30 / /mnt/my\\040disk rw master:3 - tmpfs tmpfs rw',
      '28 22 0:31 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw',
      '',
    ].join('\n');
    assert.deepEqual(execMountPoints(mountinfo), ['/', '/dev', '/mnt/my disk']);
  });
});

describe('openExecWatch', () => {
  it('reports fanotify unavailable, naming the kernel answer, when no filesystem can be marked', () => {
    const empty = join(scratch, 'mountinfo-pseudo-only');
    writeFileSync(empty, '23 1 0:21 / /proc rw - proc proc rw\n');
    const watch = openExecWatch(empty);
    assert.equal(watch.state, 'unavailable');
    assert.match(
      watch.state === 'unavailable' ? watch.reason : '',
      /^FANOTIFY: fanotify_(init|mark): .*\((ENOENT|EPERM)\)$/,
    );
  });

  it('reports fanotify unavailable with EPERM for a process without CAP_SYS_ADMIN', async (t) => {
    if (!isRoot) return t.skip('needs root to drop to nobody');
    const url = new URL('./fanotify-exec.js', import.meta.url).href;
    const code = `const { openExecWatch } = await import(${JSON.stringify(url)}); process.stdout.write(JSON.stringify(openExecWatch()));`;
    const child = spawn(process.execPath, [...process.execArgv, '--input-type=module', '-e', code], {
      uid: 65534,
      gid: 65534,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await once(child, 'exit');
    assert.deepEqual(JSON.parse(out), {
      state: 'unavailable',
      reason: 'FANOTIFY: fanotify_init: Operation not permitted (EPERM)',
    });
  });
});

describe('ProcConnector exec paths', () => {
  it('takes every short-lived exec path from fanotify (the opened file), whether or not the process is still there', async (t) => {
    if (!isRoot) return t.skip('fanotify needs CAP_SYS_ADMIN');
    const { connector, execOf } = execRecorder(true);
    try {
      assert.equal(connector.execPaths.source, 'fanotify');
      const pids: number[] = [];
      for (let i = 0; i < 20; i++) pids.push(await runToExit('/bin/true', ['osprey-test', String(i)]));
      await waitFor(() => pids.every((pid) => execOf(pid) !== undefined), 'exec events of all 20 runs');
      for (const pid of pids) {
        // exeSource 'fanotify': the path was resolved from the descriptor execve opened, not from /proc/<pid>/exe.
        assert.deepEqual(
          [execOf(pid)?.exe, execOf(pid)?.exeSource],
          [realpathSync('/bin/true'), 'fanotify'],
          `pid ${pid}`,
        );
      }
    } finally {
      connector.close();
    }
  });

  it("gives a script the interpreter's path, as /proc/<pid>/exe names it, not the script's or ld.so's", async (t) => {
    if (!isRoot) return t.skip('fanotify needs CAP_SYS_ADMIN');
    const { connector, execOf } = execRecorder(true);
    const blocked = spawn(script('blocked.sh', 'read line'), [], { stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      const pid = blocked.pid ?? -1;
      const event = await waitFor(() => execOf(pid) !== undefined, 'the blocked script exec').then(() => execOf(pid));
      assert.equal(event?.exe, readlinkSync(`/proc/${pid}/exe`), 'the live process names its interpreter');
      assert.equal(event?.exe, realpathSync('/bin/sh'));
      assert.equal(event?.exeSource, 'fanotify');
      const exited = await runToExit(script('quick.sh', 'exit 0'), []);
      await waitFor(() => execOf(exited) !== undefined, 'the short script exec');
      assert.equal(execOf(exited)?.exe, realpathSync('/bin/sh'));
    } finally {
      blocked.stdin.end();
      await once(blocked, 'exit');
      connector.close();
    }
  });

  it('reads path and cmdline from /proc without fanotify, for a process kept alive until its event arrives', async () => {
    const { connector, execOf } = execRecorder(false);
    const cat = spawn('/bin/cat', ['-'], { stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      assert.deepEqual(connector.execPaths, { source: 'proc', reason: 'fanotify not requested' });
      const pid = cat.pid ?? -1;
      await waitFor(() => execOf(pid) !== undefined, 'the cat exec');
      assert.deepEqual(
        [execOf(pid)?.exe, execOf(pid)?.exeSource, execOf(pid)?.argv],
        [realpathSync('/bin/cat'), 'proc', ['/bin/cat', '-']],
      );
    } finally {
      cat.stdin.end();
      await once(cat, 'exit');
      connector.close();
    }
  });
});
