import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import { genCrontab, parseCronLine } from './crontab.js';

describe('crontab', () => {
  it('reads /etc/crontab, /etc/cron.d and user spools, skipping assignments and comments', () => {
    const root = fromRoot('collector/tables/system/fixtures/cronroot');
    const rows = genCrontab(createQueryContext({ table: 'crontab' }), root);
    assert.deepEqual(
      rows.map((r) => [r.path, r.event, r.minute, r.hour, r.command]),
      [
        ['/etc/crontab', '', '17', '*', 'root cd / && run-parts --report /etc/cron.hourly'],
        [
          '/etc/crontab',
          '',
          '25',
          '6',
          'root test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }',
        ],
        [
          '/etc/cron.d/e2scrub_all',
          '',
          '30',
          '3',
          'root test -e /run/systemd/system || SERVICE_MODE=1 /usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron',
        ],
        ['/etc/cron.d/e2scrub_all', '@reboot', undefined, undefined, 'root /usr/local/bin/on-boot.sh --quiet'],
        ['/var/spool/cron/crontabs/alice', '', '*/5', '*', '/home/alice/bin/poll.sh >/dev/null 2>&1'],
      ],
    );
    assert.equal(rows[4]?.day_of_week, '*');
  });

  it('gives no job for an event without a command or a variable assignment', () => {
    assert.equal(parseCronLine('@daily'), null);
    assert.equal(parseCronLine('MAILTO=root'), null);
  });
});
