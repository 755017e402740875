/**
 * syslog_events: rsyslog's CSV lines split as osquery splits them (the cases and the cron line are osquery's own
 * tests, osquery/events/linux/tests/syslog_tests.cpp), and the publisher reading a FIFO it created, fed by this test
 * as rsyslog's ompipe would write it: whole lines, a line split across writes, a bad line between good ones.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Row } from '../../engine/spec.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { splitRsyslogCsv, syslogRow } from './syslog-csv.js';
import { SyslogPublisher } from './syslog.js';
import { contextWith, memorySink } from './testing.js';

const CRON = `"2016-03-22T21:17:01.701882+00:00","vagrant-ubuntu-trusty-64","6","cron","CRON[16538]:"," (root) CMD (   cd / && run-parts --report /etc/cron.hourly)"`;

describe('rsyslog CSV lines', () => {
  it('splits as osquery RsyslogCsvSeparator', () => {
    assert.deepEqual(splitRsyslogCsv(',,,,'), ['', '', '', '', '']);
    assert.deepEqual(splitRsyslogCsv(' , , , , '), [' ', ' ', ' ', ' ', ' ']);
    assert.deepEqual(splitRsyslogCsv('foo,bar,baz'), ['foo', 'bar', 'baz']);
    assert.deepEqual(splitRsyslogCsv('"foo","bar","baz"'), ['foo', 'bar', 'baz']);
    assert.deepEqual(splitRsyslogCsv('",foo,",",bar","baz,"'), [',foo,', ',bar', 'baz,']);
    assert.deepEqual(splitRsyslogCsv(String.raw`",f\oo,",",ba\'r","baz\,"`), [
      String.raw`,f\oo,`,
      String.raw`,ba\'r`,
      String.raw`baz\,`,
    ]);
    assert.deepEqual(splitRsyslogCsv(String.raw`""",f\ø""o,",""",bá\'r","baz\,"""`), [
      String.raw`",f\ø"o,`,
      String.raw`",bá\'r`,
      String.raw`baz\,"`,
    ]);
  });

  it('makes the row osquery makes, and rejects lines with too few or too many fields', () => {
    assert.deepEqual(syslogRow(CRON), {
      datetime: '2016-03-22T21:17:01.701882+00:00',
      host: 'vagrant-ubuntu-trusty-64',
      severity: 6,
      facility: 'cron',
      tag: 'CRON[16538]',
      message: '(root) CMD (   cd / && run-parts --report /etc/cron.hourly)',
    });
    assert.match(
      String(syslogRow('"2016-03-22T21:17:01.701882+00:00","vagrant-ubuntu-trusty-64","6","cron",')),
      /fewer/,
    );
    assert.match(String(syslogRow('"2016-03-22T21:17:01.701882+00:00","","6","","","",""')), /more/);
  });
});

describe('SyslogPublisher', () => {
  const dir = mkdtempSync(join(tmpdir(), 'osprey-syslog-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the pipe and records the lines written into it', async () => {
    const pipe = join(dir, 'syslog_pipe');
    const sink = memorySink();
    const publisher = new SyslogPublisher();
    try {
      const state = await publisher.start(contextWith(sink, { enable_syslog: 'true', syslog_pipe_path: pipe }));
      assert.deepEqual(state, { state: 'running', subscriptions: 1, detail: `reading ${pipe}` });
      const stat = statSync(pipe);
      assert.ok(stat.isFIFO());
      assert.equal(stat.mode & 0o777, 0o460);
      const second = `"2026-12-06T01:40:00.000001+00:00","host-b","3","daemon","sshd[42]:","error: ""quoted"", with comma"`;
      const writer = openSync(pipe, 'w'); // does not wait: the publisher holds a read end open
      try {
        writeSync(writer, `${CRON}\nnot,a,syslog,line\n${second.slice(0, 40)}`);
        writeSync(writer, `${second.slice(40)}\n`);
      } finally {
        closeSync(writer);
      }
      const rows = (): Row[] => sink.of('syslog_events');
      await waitFor('two syslog_events rows', () => rows().length >= 2);
      assert.deepEqual(
        rows().map((r) => [r.host, r.tag, r.message]),
        [
          ['vagrant-ubuntu-trusty-64', 'CRON[16538]', '(root) CMD (   cd / && run-parts --report /etc/cron.hourly)'],
          ['host-b', 'sshd[42]', 'error: "quoted", with comma'],
        ],
      );
      assert.equal(publisher.stats().events, 2);
    } finally {
      await publisher.stop();
    }
  });

  it('is disabled without --enable_syslog or with a path that is not a FIFO, and one reader holds the pipe', async () => {
    const plain = join(dir, 'plain');
    writeFileSync(plain, '');
    assert.deepEqual(await new SyslogPublisher().start(contextWith(memorySink())), {
      state: 'disabled',
      reason: '--enable_syslog is false',
    });
    assert.deepEqual(
      await new SyslogPublisher().start(contextWith(memorySink(), { enable_syslog: 'true', syslog_pipe_path: plain })),
      {
        state: 'disabled',
        reason: `Not a FIFO file: ${plain}`,
      },
    );
    const pipe = join(dir, 'locked_pipe');
    const flags = { enable_syslog: 'true', syslog_pipe_path: pipe };
    const first = new SyslogPublisher();
    try {
      assert.equal((await first.start(contextWith(memorySink(), flags))).state, 'running');
      const second = await new SyslogPublisher().start(contextWith(memorySink(), flags));
      assert.equal(second.state, 'failed');
      assert.match(second.state === 'failed' ? second.reason : '', /Unable to acquire pipe lock/);
    } finally {
      await first.stop();
    }
  });
});
