/**
 * Calls to an extension's `Extension` service (ping, call) on its socket `<extensions_socket>.<uuid>`. Like
 * osquery's core, every call opens its own connection and closes it after the reply, so single-threaded extension
 * servers (TSimpleServer) serve pings and table calls in turn. `callAsync` is for the health check; table scans,
 * which SQLite runs synchronously, use sync-call.ts with the same encoders and decoders.
 */
import { createConnection } from 'node:net';
import { OspreyError, messageOf } from '../../../common/errors.js';
import { MESSAGE, Reader, T, Underrun, Writer } from './binary.js';
import {
  readApplicationException,
  readResponse,
  readStatus,
  readStruct,
  writeStringMap,
  type ExtensionResponse,
  type ExtensionStatus,
  type PluginRequest,
} from './messages.js';

let nextSeqid = 1;

export function encodePing(): Buffer {
  return new Writer().messageBegin('ping', MESSAGE.CALL, nextSeqid++).stop().bytes();
}

export function encodeCall(registry: string, item: string, request: PluginRequest): Buffer {
  const w = new Writer().messageBegin('call', MESSAGE.CALL, nextSeqid++);
  w.fieldBegin(T.STRING, 1).string(registry);
  w.fieldBegin(T.STRING, 2).string(item);
  w.fieldBegin(T.MAP, 3);
  writeStringMap(w, request);
  return w.stop().bytes();
}

/** Decodes a reply whose success value (field 0) is a struct; throws Underrun while the bytes are incomplete. */
function decodeReply<V>(bytes: Buffer, method: string, readValue: (r: Reader) => V): V {
  const r = new Reader(bytes);
  const header = r.messageBegin();
  if (header.type === MESSAGE.EXCEPTION) {
    throw new OspreyError('IO_ERROR', `The extension failed ${method}: ${readApplicationException(r)}`, {
      retriable: false,
    });
  }
  let value: V | undefined;
  readStruct(r, (id, type) => {
    if (id !== 0 || type !== T.STRUCT) return false;
    value = readValue(r);
    return true;
  });
  if (value === undefined) throw new OspreyError('DECODE_ERROR', `The extension's ${method} reply has no result.`);
  return value;
}

export const decodePing = (bytes: Buffer): ExtensionStatus => decodeReply(bytes, 'ping', readStatus);
export const decodeCall = (bytes: Buffer): ExtensionResponse => decodeReply(bytes, 'call', readResponse);

/** One request on a fresh connection; resolves with the decoded reply, rejects on error, close or timeout. */
export function callAsync<V>(
  socketPath: string,
  request: Buffer,
  decode: (bytes: Buffer) => V,
  timeoutMs: number,
): Promise<V> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (err: unknown, value?: V): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (err === undefined) resolve(value as V);
      else
        reject(
          err instanceof OspreyError
            ? err
            : new OspreyError('IO_ERROR', `Extension socket ${socketPath}: ${messageOf(err)}`, { cause: err }),
        );
    };
    socket.setTimeout(timeoutMs, () =>
      finish(new OspreyError('TIMEOUT', `No answer from ${socketPath} within ${timeoutMs} ms.`)),
    );
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      try {
        finish(undefined, decode(received));
      } catch (err) {
        if (!(err instanceof Underrun)) finish(err);
      }
    });
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error('the connection closed before a whole reply arrived')));
  });
}
