import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from '../../common/logger.js';
import type { LoggerPlugin, LogRecord, StatusRecord } from '../loggers/types.js';
import { Delivery } from './delivery.js';
import { DaemonStore } from './store.js';
import { statusRecord as status } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'osprey-delivery-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a flush with nothing appended since a drained pass asks no plugin; new records and backlog are delivered', async () => {
  const path = join(dir, 'a');
  let store = DaemonStore.open(path);
  store.append([status('backlog')]);
  store.close();
  store = DaemonStore.open(path); // a restart: the backlog is not this process's append
  try {
    const seen: string[] = [];
    let asked = 0;
    let accept = false;
    const plugin: LoggerPlugin = {
      name: 'p',
      ready: () => (asked++, true),
      deliver: (records: readonly LogRecord[]) => {
        if (!accept) return Promise.reject(new Error('down'));
        seen.push(...records.map((r) => (r.payload as StatusRecord).message));
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
    };
    const delivery = new Delivery(store, [plugin], silentLogger(), { maxQueue: 0 });
    await delivery.flush();
    accept = true;
    await delivery.flush(true); // a failed pass leaves the plugin to be tried again
    assert.deepEqual(seen, ['backlog']);
    const before = asked;
    await delivery.flush();
    assert.equal(asked, before, 'nothing appended: no pass');
    store.append([status('new')]);
    await delivery.flush();
    assert.deepEqual(seen, ['backlog', 'new']);
    assert.equal(store.queueDepth(), 0, 'delivered records are pruned');
  } finally {
    store.close();
  }
});
