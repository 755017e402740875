import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OspreyError, RetriesExceededError, toOspreyError } from './errors.js';
import { retry } from './retry.js';

test('retries retriable errors, then succeeds', async () => {
  let calls = 0;
  const value = await retry(
    async () => {
      calls++;
      if (calls < 3) throw new OspreyError('BROKER_UNAVAILABLE', 'down');
      return 'ok';
    },
    { initialDelayMs: 1 },
  );
  assert.equal(value, 'ok');
  assert.equal(calls, 3);
});

test('stops at once on a non-retriable error', async () => {
  let calls = 0;
  await assert.rejects(
    retry(async () => {
      calls++;
      throw new OspreyError('CONFIG_INVALID', 'bad');
    }),
    /bad/,
  );
  assert.equal(calls, 1);
});

test('wraps the last error after the attempts run out', async () => {
  const err = await retry(
    async () => {
      throw new OspreyError('TIMEOUT', 'slow');
    },
    { retries: 2, initialDelayMs: 1 },
  ).catch((e: unknown) => e);
  assert.ok(err instanceof RetriesExceededError);
  assert.equal(err.context.attempts, 2);
  assert.match(err.message, /slow/);
  assert.equal(err.retriable, true, 'a transient cause stays retriable for callers further out');
});

test('normalises errno errors', () => {
  const eacces = Object.assign(new Error('denied'), { code: 'EACCES' });
  assert.equal(toOspreyError(eacces).code, 'PERMISSION_DENIED');
  assert.equal(toOspreyError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).retriable, true);
  assert.equal(toOspreyError('plain').code, 'INTERNAL');
});

test('a stop ends the back-off sleep at once and starts no further attempt', async () => {
  const stop = new AbortController();
  const reason = new OspreyError('ABORTED', 'stopping', { retriable: false });
  let calls = 0;
  const retrying = retry(
    async () => {
      calls++;
      throw new OspreyError('BROKER_UNAVAILABLE', 'down');
    },
    // An hour's back-off: only the abort can end this wait before the test runner's timeout.
    { retries: 10, initialDelayMs: 3_600_000, signal: stop.signal, onRetry: () => stop.abort(reason) },
  );
  await assert.rejects(retrying, (err) => err === reason);
  assert.equal(calls, 1);
});

test('an already aborted signal starts no attempt', async () => {
  const stop = new AbortController();
  stop.abort(new OspreyError('ABORTED', 'stopping', { retriable: false }));
  let calls = 0;
  await assert.rejects(
    retry(async () => ++calls, { signal: stop.signal }),
    /stopping/,
  );
  assert.equal(calls, 0);
});
