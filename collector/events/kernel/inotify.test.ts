import assert from 'node:assert/strict';
import {
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  chmodSync,
  appendFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OspreyError } from '../../../common/errors.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { IN, Inotify, type InotifyEvent } from './inotify.js';

const ALL = IN.CREATE | IN.MODIFY | IN.ATTRIB | IN.MOVED_FROM | IN.MOVED_TO | IN.DELETE | IN.CLOSE_WRITE;

describe('Inotify', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'osprey-inotify-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports create, modify, attrib, a paired rename and delete in a watched directory', async () => {
    const events: InotifyEvent[] = [];
    const inotify = Inotify.open((batch) => events.push(...batch));
    try {
      const wd = inotify.addWatch(dir, ALL);
      assert.ok(wd > 0);
      const a = join(dir, 'a.txt');
      writeFileSync(a, 'one');
      appendFileSync(a, 'two');
      chmodSync(a, 0o600);
      renameSync(a, join(dir, 'b.txt'));
      unlinkSync(join(dir, 'b.txt'));
      const has = (mask: number, name: string): InotifyEvent | undefined =>
        events.find((e) => (e.mask & mask) !== 0 && e.name === name && e.wd === wd);
      await waitFor('the delete event', () => has(IN.DELETE, 'b.txt') !== undefined);
      assert.ok(has(IN.CREATE, 'a.txt'), 'create');
      assert.ok(has(IN.MODIFY, 'a.txt'), 'modify');
      assert.ok(has(IN.CLOSE_WRITE, 'a.txt'), 'close_write');
      assert.ok(has(IN.ATTRIB, 'a.txt'), 'attrib');
      const from = has(IN.MOVED_FROM, 'a.txt');
      const to = has(IN.MOVED_TO, 'b.txt');
      assert.ok(from && to, 'both halves of the rename');
      assert.notEqual(from.cookie, 0);
      assert.equal(from.cookie, to.cookie, 'the rename halves share a cookie');
    } finally {
      inotify.close();
    }
  });

  it('reports events on a watched file itself with an empty name, and IN_IGNORED after its removal', async () => {
    const file = join(dir, 'self.txt');
    writeFileSync(file, 'x');
    const events: InotifyEvent[] = [];
    const inotify = Inotify.open((batch) => events.push(...batch));
    try {
      const wd = inotify.addWatch(file, IN.MODIFY | IN.DELETE_SELF);
      appendFileSync(file, 'y');
      unlinkSync(file);
      await waitFor('IN_IGNORED', () => events.some((e) => (e.mask & IN.IGNORED) !== 0));
      assert.ok(events.some((e) => e.wd === wd && (e.mask & IN.MODIFY) !== 0 && e.name === ''));
      assert.ok(events.some((e) => e.wd === wd && (e.mask & IN.DELETE_SELF) !== 0));
      inotify.removeWatch(wd); // already dropped by the kernel: not an error
    } finally {
      inotify.close();
    }
  });

  it('survives a queue overflow and reports IN_Q_OVERFLOW', async () => {
    const limit = Number(readFileSync('/proc/sys/fs/inotify/max_queued_events', 'utf8'));
    const files = [join(dir, 'ov1'), join(dir, 'ov2')];
    for (const f of files) writeFileSync(f, '');
    const events: InotifyEvent[] = [];
    const inotify = Inotify.open((batch) => events.push(...batch));
    try {
      inotify.addWatch(dir, IN.ATTRIB);
      // The loop is busy here, so nothing is read: alternating files keeps the kernel from merging events.
      const now = Date.now() / 1000;
      for (let i = 0; i < limit + 100; i++) utimesSync(files[i % 2] ?? '', now, now + i);
      await waitFor('IN_Q_OVERFLOW', () => events.some((e) => (e.mask & IN.Q_OVERFLOW) !== 0));
      const overflow = events.find((e) => (e.mask & IN.Q_OVERFLOW) !== 0);
      assert.equal(overflow?.wd, -1);
      // Still working after the overflow.
      const before = events.length;
      utimesSync(files[0] ?? '', now, now);
      await waitFor('an event after the overflow', () => events.length > before);
    } finally {
      inotify.close();
    }
  });

  it('delivers nothing after close, and refuses calls on a closed instance', async () => {
    const events: InotifyEvent[] = [];
    const inotify = Inotify.open((batch) => events.push(...batch));
    inotify.addWatch(dir, IN.CREATE);
    writeFileSync(join(dir, 'before-close'), '');
    inotify.close();
    inotify.close();
    writeFileSync(join(dir, 'after-close'), '');
    // A second, open instance proves events for these files were produced and read by now.
    const witness: InotifyEvent[] = [];
    const other = Inotify.open((batch) => witness.push(...batch));
    try {
      other.addWatch(dir, IN.CREATE);
      writeFileSync(join(dir, 'witness'), '');
      await waitFor('the witness event', () => witness.some((e) => e.name === 'witness'));
      assert.equal(events.length, 0);
      assert.throws(() => inotify.addWatch(dir, IN.CREATE), /closed/);
    } finally {
      other.close();
    }
  });

  it('names the path and errno when a watch cannot be added', () => {
    const inotify = Inotify.open(() => undefined);
    try {
      const missing = join(dir, 'no-such-dir');
      assert.throws(
        () => inotify.addWatch(missing, IN.CREATE),
        (err: unknown) =>
          err instanceof OspreyError &&
          err.code === 'NOT_FOUND' &&
          err.message.includes(missing) &&
          err.message.includes('ENOENT') &&
          err.context.errno === 'ENOENT',
      );
      const file = join(dir, 'plain-file');
      writeFileSync(file, '');
      assert.throws(() => inotify.addWatch(file, IN.CREATE | IN.ONLYDIR), /ENOTDIR/);
    } finally {
      inotify.close();
    }
  });
});
