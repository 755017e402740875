/**
 * A synchronous TLS handshake for `curl_certificate` (table generators run synchronously): the handshake runs in a
 * short-lived worker thread, which posts the peer's DER certificate back; the caller waits on a SharedArrayBuffer
 * (as sync-http.ts does). The peer is not verified: the table reports whatever certificate the server presents.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { OspreyError } from '../../../common/errors.js';

const WORKER_SOURCE = `
const tls = require('node:tls');
const net = require('node:net');
const { workerData } = require('node:worker_threads');
const { host, port, timeoutMs, flag, reply } = workerData;
const done = (message) => {
  reply.postMessage(message);
  const f = new Int32Array(flag);
  Atomics.store(f, 0, 1);
  Atomics.notify(f, 0);
};
const options = { host, port, rejectUnauthorized: false, ...(net.isIP(host) ? {} : { servername: host }) };
const socket = tls.connect(options, () => {
  const cert = socket.getPeerX509Certificate();
  done(cert ? { der: new Uint8Array(cert.raw) } : { error: 'No certificate' });
  socket.destroy();
});
if (timeoutMs > 0) socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timed out')));
socket.on('error', (err) => done({ error: err.message, code: err.code }));
`;

interface Reply {
  der?: Uint8Array;
  error?: string;
  code?: string;
}

/** The DER certificate the server at host:port presents; throws an OspreyError when the handshake fails. */
export function peerCertificateSync(host: string, port: number, timeoutMs: number): Buffer {
  const flag = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { host, port, timeoutMs, flag, reply: port2 },
    transferList: [port2],
  });
  try {
    // timeout 0 means none in osquery; still bound the wait so a silent peer cannot hang the query forever.
    const waitMs = (timeoutMs > 0 ? timeoutMs : 60_000) + 2000;
    const waited = Atomics.wait(new Int32Array(flag), 0, 0, waitMs);
    const reply = receiveMessageOnPort(port1)?.message as Reply | undefined;
    if (waited === 'timed-out' || reply === undefined)
      throw new OspreyError('TIMEOUT', `No TLS handshake with ${host}:${port} within ${waitMs} ms.`);
    if (reply.der === undefined)
      throw new OspreyError('IO_ERROR', `TLS handshake with ${host}:${port} failed: ${reply.error ?? 'unknown'}`, {
        context: { errno: reply.code },
      });
    return Buffer.from(reply.der);
  } finally {
    port1.close();
    void worker.terminate();
  }
}
