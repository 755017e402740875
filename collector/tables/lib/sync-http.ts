/**
 * A synchronous HTTP GET over a UNIX socket, for table generators (which SQLite calls synchronously) that talk to
 * a local daemon such as Docker. The request runs in a short-lived worker thread; the calling thread blocks on a
 * SharedArrayBuffer with Atomics.wait until the worker has posted the response on a MessagePort, then reads it
 * with receiveMessageOnPort. A timeout bounds the wait so a hung daemon cannot hang a query.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { OspreyError } from '../../../common/errors.js';

export interface SyncHttpResponse {
  status: number;
  body: string;
}

// Runs inside the worker (CommonJS, eval'd): one request, the result posted back, then the flag raised.
const WORKER_SOURCE = `
const http = require('node:http');
const { workerData } = require('node:worker_threads');
const { socketPath, path, port, flag, timeoutMs } = workerData;
const done = (message) => {
  port.postMessage(message);
  const f = new Int32Array(flag);
  Atomics.store(f, 0, 1);
  Atomics.notify(f, 0);
};
const req = http.get({ socketPath, path, headers: { Host: 'localhost' }, timeout: timeoutMs }, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => done({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
  res.on('error', (err) => done({ error: err.message, code: err.code }));
});
req.on('timeout', () => req.destroy(new Error('timed out')));
req.on('error', (err) => done({ error: err.message, code: err.code }));
`;

interface WorkerReply {
  status?: number;
  body?: string;
  error?: string;
  code?: string;
}

export function httpGetUnixSync(socketPath: string, path: string, timeoutMs = 5000): SyncHttpResponse {
  const flag = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { socketPath, path, port: port2, flag, timeoutMs },
    transferList: [port2],
  });
  try {
    // Worker start-up is part of the budget; allow it a little on top of the request timeout.
    const waited = Atomics.wait(new Int32Array(flag), 0, 0, timeoutMs + 2000);
    const reply = receiveMessageOnPort(port1)?.message as WorkerReply | undefined;
    if (waited === 'timed-out' || !reply) {
      throw new OspreyError('TIMEOUT', `No answer from ${socketPath} for GET ${path} within ${timeoutMs} ms.`);
    }
    if (reply.error !== undefined) {
      throw new OspreyError('IO_ERROR', `GET ${path} on ${socketPath} failed: ${reply.error}`, {
        context: { errno: reply.code },
      });
    }
    return { status: reply.status ?? 0, body: reply.body ?? '' };
  } finally {
    port1.close();
    void worker.terminate();
  }
}
