/**
 * The daemon's side of remote management's ports (collector/remote/ports.ts): its engine with rows rendered the way
 * osquery logs them, and the distributed denylist kept in the daemon store under keys of its own (a scheduled query's
 * name never blocks a distributed id), reported to the watchdog like a scheduled query.
 */
import type { DistributedGuard, RemoteEngine } from '../remote/ports.js';
import { Denylist } from './denylist.js';
import type { SqlRunner } from './executor.js';
import type { KeyValues } from './identity.js';
import { doubleColumnIndexes, loggedValue } from './rows.js';
import { WorkerChannel } from './worker-channel.js';

const DISTRIBUTED_KEYS = { list: 'distributed_denylist', running: 'distributed_running' } as const;

export function remoteEngine(engine: SqlRunner & Pick<RemoteEngine, 'queryRows'>): RemoteEngine {
  return {
    queryRows: (sql) => engine.queryRows(sql),
    queryText: (sql) => {
      const result = engine.query(sql);
      const doubles = doubleColumnIndexes(safeColumns(engine, sql));
      return result.rows.map((row) => {
        const object: Record<string, string> = {};
        result.columns.forEach(
          (name, i) => (object[name] = String(loggedValue(row[i] ?? null, doubles.has(i), false))),
        );
        return object;
      });
    },
  };
}

export function distributedGuard(kv: KeyValues): DistributedGuard {
  const denylist = new Denylist(kv, DISTRIBUTED_KEYS);
  const channel = new WorkerChannel();
  return {
    denied: (now) => new Set(denylist.entries(now).keys()),
    deny: (id, now, seconds) => denylist.add(id, now, seconds),
    takeInterrupted: () => denylist.takeInterruptedQuery(),
    running: (id) => {
      kv.set(DISTRIBUTED_KEYS.running, id);
      channel.querying(`distributed:${id}`);
    },
    finished: () => {
      channel.idle();
      kv.delete(DISTRIBUTED_KEYS.running);
    },
  };
}

function safeColumns(engine: SqlRunner, sql: string): Array<{ name: string; type: string }> {
  try {
    return engine.queryColumns(sql);
  } catch {
    return [];
  }
}
