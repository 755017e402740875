import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createQueryContext } from '../../engine/context.js';
import type { QueryContext } from '../../engine/spec.js';
import { unixSocketGetJson } from './unix-socket-json.js';

// A daemon in a child process (the client blocks this thread): 202 with JSON on /accepted, a non-JSON 200 on /bad.
const SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  if (req.url === '/accepted') res.writeHead(202).end('{"metadata":{"id":"op1"}}');
  else res.writeHead(200).end('not json');
}).listen(process.argv[1], () => process.stdout.write('ready'));
`;

describe('lib/unix-socket-json', () => {
  let dir: string;
  let socket: string;
  let child: ChildProcess;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'osprey-unixjson-'));
    socket = join(dir, 'api.sock');
    child = spawn(process.execPath, ['-e', SERVER, socket], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => child.stdout?.once('data', resolve));
  });
  after(() => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const withSkips = (): { ctx: QueryContext; skipped: string[] } => {
    const skipped: string[] = [];
    return { ctx: createQueryContext({ table: 't', errors: { skip: (r) => skipped.push(r) } }), skipped };
  };

  it('accepts the statuses the service is known to answer with', () => {
    const { ctx, skipped } = withSkips();
    assert.deepEqual(unixSocketGetJson(ctx, { name: 'LXD', socket, okStatuses: [200, 202] }, '/accepted'), {
      metadata: { id: 'op1' },
    });
    assert.equal(unixSocketGetJson(ctx, { name: 'Docker', socket, okStatuses: [200] }, '/accepted'), null);
    assert.deepEqual(skipped, ['Docker answered 202 to GET /accepted']);
  });

  it('counts a body that is not JSON as a skip', () => {
    const { ctx, skipped } = withSkips();
    assert.equal(unixSocketGetJson(ctx, { name: 'Docker', socket, okStatuses: [200] }, '/bad'), null);
    assert.deepEqual(skipped, [`Docker request GET /bad on ${socket} failed`]);
  });

  it('is silent when there is no socket and counts a dead one (a file nobody listens on)', () => {
    const { ctx, skipped } = withSkips();
    assert.equal(
      unixSocketGetJson(ctx, { name: 'Docker', socket: join(dir, 'absent.sock'), okStatuses: [200] }, '/version'),
      null,
    );
    assert.deepEqual(skipped, []);
    const stale = join(dir, 'stale.sock');
    writeFileSync(stale, '');
    assert.equal(unixSocketGetJson(ctx, { name: 'Docker', socket: stale, okStatuses: [200] }, '/version'), null);
    assert.equal(skipped.length, 1);
  });
});
