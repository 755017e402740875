/**
 * A synchronous request/reply on a UNIX socket, for extension table scans: SQLite calls generators synchronously
 * (xFilter), so the scan cannot await a socket. As collector/tables/lib/sync-http.ts does for Docker, the I/O runs in
 * a worker thread while the calling thread blocks in Atomics.wait; here the worker is one long-lived byte pipe per
 * process (connect, write, forward every chunk), and the calling thread decodes the chunks itself with
 * receiveMessageOnPort until a whole Thrift reply has arrived. A deadline bounds the wait, so a hung extension
 * cannot hang a query. While the thread waits it serves nothing else: an extension that calls back into Osprey
 * from inside a table call waits for that deadline.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { OspreyError } from '../../../common/errors.js';
import { Underrun } from './binary.js';

// Runs inside the worker (CommonJS, eval'd): a socket per request id; chunks, errors and ends posted back, each
// followed by a bump of the shared counter the caller waits on.
const WORKER_SOURCE = `
const net = require('node:net');
const { workerData } = require('node:worker_threads');
const { port, flag } = workerData;
const counter = new Int32Array(flag);
const sockets = new Map();
const send = (message) => {
  port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
};
port.on('message', (m) => {
  if (m.close !== undefined) {
    const s = sockets.get(m.close);
    sockets.delete(m.close);
    if (s) s.destroy();
    return;
  }
  const s = net.createConnection(m.path);
  sockets.set(m.id, s);
  s.setTimeout(m.timeoutMs, () => s.destroy(new Error('timed out')));
  s.on('connect', () => s.write(Buffer.from(m.bytes)));
  s.on('data', (data) => send({ id: m.id, data }));
  s.on('error', (err) => send({ id: m.id, error: err.message, code: err.code }));
  s.on('close', () => { sockets.delete(m.id); send({ id: m.id, end: true }); });
});
`;

interface PipeMessage {
  id: number;
  data?: Uint8Array;
  error?: string;
  code?: string;
  end?: boolean;
}

interface Pipe {
  port: MessagePort;
  counter: Int32Array;
}

let pipe: Pipe | undefined;
let nextId = 1;

function openPipe(): Pipe {
  if (pipe) return pipe;
  const flag = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, flag }, transferList: [port2] });
  worker.unref(); // an idle pipe never keeps the process alive
  port1.unref();
  pipe = { port: port1, counter: new Int32Array(flag) };
  return pipe;
}

/** Sends `request` to the socket and blocks until `decode` accepts the bytes received (it throws Underrun until then). */
export function callSync<V>(socketPath: string, request: Buffer, decode: (bytes: Buffer) => V, timeoutMs: number): V {
  const { port, counter } = openPipe();
  const id = nextId++;
  port.postMessage({ id, path: socketPath, bytes: request, timeoutMs });
  // Worker start-up (first call only) is part of the budget; allow it a little on top of the request timeout.
  const deadline = Date.now() + timeoutMs + 2000;
  const chunks: Buffer[] = [];
  try {
    for (;;) {
      const seen = Atomics.load(counter, 0);
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const message = m.message as PipeMessage;
        if (message.id !== id) continue; // the end of an earlier call
        if (message.data !== undefined) {
          chunks.push(Buffer.from(message.data));
          const reply = tryDecode(Buffer.concat(chunks), decode);
          if (reply !== undefined) return reply.value;
        } else if (message.error !== undefined) {
          throw new OspreyError('IO_ERROR', `Extension socket ${socketPath}: ${message.error}`, {
            context: { errno: message.code },
          });
        } else if (message.end) {
          throw new OspreyError('IO_ERROR', `Extension socket ${socketPath} closed before a whole reply arrived.`);
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new OspreyError('TIMEOUT', `No answer from ${socketPath} within ${timeoutMs} ms.`);
      Atomics.wait(counter, 0, seen, left);
    }
  } finally {
    port.postMessage({ close: id });
  }
}

function tryDecode<V>(bytes: Buffer, decode: (bytes: Buffer) => V): { value: V } | undefined {
  try {
    return { value: decode(bytes) };
  } catch (err) {
    if (err instanceof Underrun) return undefined;
    throw err;
  }
}
