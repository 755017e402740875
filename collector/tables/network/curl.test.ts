import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../../common/paths.js';
import { createQueryContext } from '../../engine/context.js';
import type { Constraint } from '../../engine/spec.js';
import { genCurl } from './curl.js';

describe('curl', () => {
  let server: ChildProcess;
  let base = '';
  before(async () => {
    server = spawn(process.execPath, [fromRoot('collector/tables/network/fixtures/http-echo-server.mjs')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const [port] = (await once(server.stdout ?? server, 'data')) as [Buffer];
    base = `http://127.0.0.1:${port.toString().trim()}`;
  });
  after(() => server.kill());

  const run = (urls: string[], extra: Constraint[] = []) => {
    const skipped: string[] = [];
    const constraints = [...urls.map((value) => ({ column: 'url', op: '=' as const, value })), ...extra];
    const ctx = createQueryContext({ table: 'curl', constraints, errors: { skip: (reason) => skipped.push(reason) } });
    return { rows: genCurl(ctx), skipped };
  };

  it('fetches each url with the osquery user agent and reports status, body and its size in bytes', () => {
    const { rows, skipped } = run([`${base}/`, `${base}/missing`]);
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      rows.map((r) => [r.method, r.user_agent, r.response_code, r.result, r.bytes]),
      [
        ['GET', 'osquery', 200, 'héllo osquery\n', 15],
        ['GET', 'osquery', 404, 'no such page', 12],
      ],
    );
    assert.ok(rows.every((r) => typeof r.round_trip_time === 'number' && r.round_trip_time > 0));
  });

  it('sends the user agent a query names, without CR or LF', () => {
    const { rows } = run([`${base}/`], [{ column: 'user_agent', op: '=', value: 'probe\r\nX-Injected: 1' }]);
    assert.equal(rows[0]?.user_agent, 'probeX-Injected: 1');
    assert.equal(rows[0]?.result, 'héllo probeX-Injected: 1\n');
  });

  it('keeps the row of a failed request without a response, and refuses non-http URLs', () => {
    const closed = 'http://127.0.0.1:1/';
    const { rows, skipped } = run([closed, 'file:///etc/passwd']);
    assert.deepEqual(rows, [
      { url: closed, method: 'GET', user_agent: 'osquery' },
      { url: 'file:///etc/passwd', method: 'GET', user_agent: 'osquery' },
    ]);
    assert.equal(skipped.length, 2);
  });

  it('makes no request without a url, nor with two user agents', () => {
    assert.deepEqual(run([]).rows, []);
    const two = ['a', 'b'].map((value) => ({ column: 'user_agent', op: '=' as const, value }));
    assert.deepEqual(run([`${base}/`], two).rows, []);
  });
});
