/**
 * Osprey's ExtensionManager service on the --extensions_socket UNIX socket: binary protocol, buffered transport (no
 * framing), as osquery's core serves it. Each connection's bytes are decoded message by message; a message split
 * across reads waits for the rest. The handler is synchronous (the engine is), so replies go out in order.
 * A malformed message closes that connection only.
 */
import { chmodSync, existsSync, lstatSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { messageOf } from '../../../common/errors.js';
import type { Logger } from '../../../common/logger.js';
import { MESSAGE, Reader, T, Underrun, Writer } from './binary.js';
import {
  readInfo,
  readRegistry,
  readStringMap,
  readStruct,
  writeUnknownMethod,
  writeExtensionList,
  writeOptions,
  writeResponse,
  writeStatus,
  type ExtensionInfo,
  type ExtensionRegistry,
  type ExtensionResponse,
  type ExtensionStatus,
  type OptionInfo,
  type PluginRequest,
} from './messages.js';

export interface ManagerHandler {
  ping(): ExtensionStatus;
  call(registry: string, item: string, request: PluginRequest): ExtensionResponse;
  extensions(): ReadonlyMap<bigint, ExtensionInfo>;
  options(): Record<string, OptionInfo>;
  registerExtension(info: ExtensionInfo, registry: ExtensionRegistry): ExtensionStatus;
  deregisterExtension(uuid: bigint): ExtensionStatus;
  query(sql: string): ExtensionResponse;
  getQueryColumns(sql: string): ExtensionResponse;
}

/** Arguments of one call, read into plain values; unknown fields skipped. */
function readArgs(r: Reader): Map<number, unknown> {
  const args = new Map<number, unknown>();
  readStruct(r, (id, type) => {
    if (type === T.STRING) args.set(id, r.string());
    else if (type === T.I64) args.set(id, r.i64());
    else if (type === T.STRUCT) args.set(id, readInfo(r));
    else if (type === T.MAP && id === 3)
      args.set(id, readStringMap(r)); // call's request
    else if (type === T.MAP && id === 2)
      args.set(id, readRegistry(r)); // registerExtension's registry
    else return false;
    return true;
  });
  return args;
}

const str = (args: Map<number, unknown>, id: number): string => {
  const value = args.get(id);
  return typeof value === 'string' ? value : '';
};

/** Runs one decoded call and writes its result struct (field 0 = the return value; void = empty). */
function dispatch(name: string, args: Map<number, unknown>, handler: ManagerHandler, w: Writer): boolean {
  const status = (s: ExtensionStatus): void => (w.fieldBegin(T.STRUCT, 0), writeStatus(w, s));
  const response = (s: ExtensionResponse): void => (w.fieldBegin(T.STRUCT, 0), writeResponse(w, s));
  switch (name) {
    case 'ping':
      status(handler.ping());
      break;
    case 'call':
      response(handler.call(str(args, 1), str(args, 2), (args.get(3) as PluginRequest | undefined) ?? {}));
      break;
    case 'shutdown':
      break; // a manager does not shut down on request (osquery: "does not apply to managers")
    case 'extensions':
      w.fieldBegin(T.MAP, 0);
      writeExtensionList(w, handler.extensions());
      break;
    case 'options':
      w.fieldBegin(T.MAP, 0);
      writeOptions(w, handler.options());
      break;
    case 'registerExtension': {
      const info = (args.get(1) as ExtensionInfo | undefined) ?? {
        name: '',
        version: '',
        sdk_version: '',
        min_sdk_version: '',
      };
      status(handler.registerExtension(info, (args.get(2) as ExtensionRegistry | undefined) ?? {}));
      break;
    }
    case 'deregisterExtension': {
      const uuid = args.get(1);
      status(handler.deregisterExtension(typeof uuid === 'bigint' ? uuid : -1n));
      break;
    }
    case 'query':
      response(handler.query(str(args, 1)));
      break;
    case 'getQueryColumns':
      response(handler.getQueryColumns(str(args, 1)));
      break;
    default:
      return false;
  }
  w.stop();
  return true;
}

/** Decodes and answers every whole message in `pending`; returns the bytes of an incomplete last message. */
function serveBytes(pending: Buffer, handler: ManagerHandler, reply: (bytes: Buffer) => void): Buffer {
  let rest = pending;
  while (rest.length > 0) {
    const r = new Reader(rest);
    let header;
    let args;
    try {
      header = r.messageBegin();
      args = readArgs(r);
    } catch (err) {
      if (err instanceof Underrun) return rest;
      throw err;
    }
    rest = rest.subarray(r.position);
    const w = new Writer().messageBegin(header.name, MESSAGE.REPLY, header.seqid);
    if (!dispatch(header.name, args, handler, w)) {
      const failure = new Writer();
      writeUnknownMethod(failure, header.name, header.seqid);
      reply(failure.bytes());
    } else if (header.type !== MESSAGE.ONEWAY) {
      reply(w.bytes());
    }
  }
  return rest;
}

export interface ManagerServer {
  readonly path: string;
  close(): Promise<void>;
}

/** Listens on `path` (private, 0600). A stale socket file left by a dead process is replaced. */
export async function startManagerServer(path: string, handler: ManagerHandler, log: Logger): Promise<ManagerServer> {
  if (existsSync(path)) {
    // Only a socket file is ever replaced: a wrong --extensions_socket must not delete someone's regular file.
    if (!lstatSync(path).isSocket()) throw new Error(`${path} exists and is not a socket`);
    if (await socketAnswers(path)) throw new Error(`the extensions socket ${path} is in use by another process`);
    unlinkSync(path);
  }
  // Extensions keep their connection open between calls; closing must end them, or close() would wait for each.
  const connections = new Set<Socket>();
  const server = createServer((socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    serveConnection(socket, handler, log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => (server.off('error', reject), resolve()));
  });
  chmodSync(path, 0o600);
  server.on('error', (err) => log.error({ err }, 'Extensions socket failed.'));
  log.info({ path }, 'Serving the extensions socket.');
  return { path, close: () => closeServer(server, path, connections) };
}

function serveConnection(socket: Socket, handler: ManagerHandler, log: Logger): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    try {
      pending = serveBytes(pending, handler, (bytes) => socket.write(bytes));
    } catch (err) {
      log.warn({ err }, 'Malformed message on the extensions socket; closing that connection.');
      socket.destroy();
    }
  });
  socket.on('error', (err) => log.debug({ err }, 'Extensions socket connection failed.'));
}

/** Whether something accepts connections on the socket path. */
export function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => (probe.destroy(), resolve(true)));
    probe.once('error', () => resolve(false));
  });
}

function closeServer(server: Server, path: string, connections: ReadonlySet<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of connections) socket.destroy();
    try {
      unlinkSync(path);
    } catch (err) {
      void messageOf(err); // already gone
    }
  });
}
