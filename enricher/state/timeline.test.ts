import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Timeline } from './timeline.js';

test('a fact is found only within the time it held', () => {
  const users = new Timeline<string>(100);
  users.open('1000', 100, 'alice');
  users.close('1000', 200);
  users.open('1000', 300, 'bob');
  assert.equal(users.at('1000', 99), undefined);
  assert.equal(users.at('1000', 100), 'alice');
  assert.equal(users.at('1000', 199), 'alice');
  assert.equal(users.at('1000', 250), undefined);
  assert.equal(users.at('1000', 300), 'bob');
  assert.equal(users.at('1000', 10_000), 'bob');
});

test('facts learnt out of order still cover the right times', () => {
  const processes = new Timeline<string>(100);
  // The exec at 500 arrives first, the process table row (started 100) afterwards.
  processes.open('42', 500, '/usr/bin/curl');
  processes.open('42', 100, '/bin/sh');
  assert.equal(processes.at('42', 200), '/bin/sh');
  assert.equal(processes.at('42', 600), '/usr/bin/curl');
  // A fact seen in the first full result set held since before anyone looked.
  processes.open('7', -Infinity, '/sbin/init');
  assert.equal(processes.at('7', 0), '/sbin/init');
});

test('pruning forgets ended facts, and the key bound evicts the least recently written', () => {
  const timeline = new Timeline<string>(2);
  timeline.open('a', 0, 'x');
  timeline.close('a', 10);
  timeline.open('b', 0, 'y');
  assert.equal(timeline.prune(50), 1);
  assert.equal(timeline.at('a', 5), undefined);
  assert.equal(timeline.at('b', 60), 'y');
  timeline.open('c', 0, 'z');
  timeline.open('d', 0, 'w');
  assert.equal(timeline.size, 2);
  assert.equal(timeline.at('b', 1), undefined);
  assert.equal(timeline.at('d', 1), 'w');
});

test('a row reported as removed then added (a changed column) keeps holding', () => {
  const processes = new Timeline<string>(100);
  processes.open('42', 100, '/bin/sh');
  processes.close('42', 500);
  processes.open('42', 100, '/bin/sh (new resident size)');
  assert.equal(processes.at('42', 900), '/bin/sh (new resident size)');
});
