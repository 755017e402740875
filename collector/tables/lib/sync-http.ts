/**
 * Synchronous HTTP for table generators (which SQLite calls synchronously): the Docker socket, `curl`, the EC2
 * metadata service. The request runs in a short-lived worker thread; the calling thread blocks on a
 * SharedArrayBuffer with Atomics.wait until the worker has posted the response on a MessagePort, then reads it with
 * receiveMessageOnPort. A timeout bounds the wait so a hung server cannot hang a query.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { OspreyError } from '../../../common/errors.js';

export interface SyncHttpResponse {
  status: number;
  body: string;
  /** Microseconds from sending the request to the end of the body, measured in the worker. */
  roundTripMicros: number;
}

export interface SyncHttpRequest {
  /** An http:// or https:// URL; or, with `socketPath`, the path on a UNIX socket. */
  url?: string;
  socketPath?: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

// Runs inside the worker (CommonJS, eval'd): one request, the result posted back, then the flag raised.
const WORKER_SOURCE = `
const http = require('node:http');
const https = require('node:https');
const { workerData } = require('node:worker_threads');
const { request, port, flag } = workerData;
const done = (message) => {
  port.postMessage(message);
  const f = new Int32Array(flag);
  Atomics.store(f, 0, 1);
  Atomics.notify(f, 0);
};
try {
  const options = { method: request.method, headers: request.headers, timeout: request.timeoutMs };
  const client = request.url && request.url.startsWith('https:') ? https : http;
  const started = process.hrtime.bigint();
  const onResponse = (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => done({
      status: res.statusCode,
      body: Buffer.concat(chunks).toString('utf8'),
      micros: Number((process.hrtime.bigint() - started) / 1000n),
    }));
    res.on('error', (err) => done({ error: err.message, code: err.code }));
  };
  const req = request.url
    ? client.request(request.url, options, onResponse)
    : http.request({ ...options, socketPath: request.socketPath, path: request.path }, onResponse);
  req.on('timeout', () => req.destroy(new Error('timed out')));
  req.on('error', (err) => done({ error: err.message, code: err.code }));
  req.end();
} catch (err) {
  done({ error: err.message, code: err.code });
}
`;

interface WorkerReply {
  status?: number;
  body?: string;
  micros?: number;
  error?: string;
  code?: string;
}

/** Performs one request and returns its response; throws a typed OspreyError on a timeout or a failed connection. */
export function httpRequestSync(request: SyncHttpRequest): SyncHttpResponse {
  const timeoutMs = request.timeoutMs ?? 5000;
  const target = request.url ?? `${request.socketPath ?? ''}${request.path ?? ''}`;
  const flag = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { request: { method: 'GET', ...request, headers: headersFor(request), timeoutMs }, port: port2, flag },
    transferList: [port2],
  });
  try {
    // Worker start-up is part of the budget; allow it a little on top of the request timeout.
    const waited = Atomics.wait(new Int32Array(flag), 0, 0, timeoutMs + 2000);
    const reply = receiveMessageOnPort(port1)?.message as WorkerReply | undefined;
    if (waited === 'timed-out' || !reply) {
      throw new OspreyError('TIMEOUT', `No answer from ${target} within ${timeoutMs} ms.`);
    }
    if (reply.error !== undefined) {
      throw new OspreyError('IO_ERROR', `${request.method ?? 'GET'} ${target} failed: ${reply.error}`, {
        context: { errno: reply.code },
      });
    }
    return { status: reply.status ?? 0, body: reply.body ?? '', roundTripMicros: reply.micros ?? 0 };
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** A UNIX-socket request names no host, so it says localhost (as curl --unix-socket does); a URL's host is its own. */
function headersFor(request: SyncHttpRequest): Record<string, string> {
  return { ...(request.socketPath !== undefined ? { Host: 'localhost' } : {}), ...request.headers };
}

/** GET a path on a UNIX socket (the Docker API). */
export function httpGetUnixSync(socketPath: string, path: string, timeoutMs = 5000): SyncHttpResponse {
  return httpRequestSync({ socketPath, path, timeoutMs });
}
