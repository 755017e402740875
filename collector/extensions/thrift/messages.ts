/**
 * osquery's extension structs (osquery.thrift beside this file) in the binary protocol: the values both sides of
 * Osprey's ExtensionManager exchange. Field ids and types follow the .thrift file exactly; unknown fields are skipped.
 */
import { MESSAGE, T, type Reader, type Writer } from './binary.js';

export const EXT_SUCCESS = 0;
export const EXT_FAILED = 1;

export type PluginRequest = Record<string, string>;
export type PluginResponse = Array<Record<string, string>>;

export interface ExtensionStatus {
  code: number;
  message: string;
  uuid: bigint;
}

export interface ExtensionResponse {
  status: ExtensionStatus;
  response: PluginResponse;
}

export interface ExtensionInfo {
  name: string;
  version: string;
  sdk_version: string;
  min_sdk_version: string;
}

/** registry name → plugin name → route info (for tables: one map per column). */
export type ExtensionRegistry = Record<string, Record<string, PluginResponse>>;

export interface OptionInfo {
  value: string;
  default_value: string;
  type: string;
}

/** Reads a struct's fields, handing each to `field` (which returns false to have it skipped). */
export function readStruct(r: Reader, field: (id: number, type: number) => boolean): void {
  for (let f = r.fieldBegin(); f.type !== T.STOP; f = r.fieldBegin()) {
    if (!field(f.id, f.type)) r.skip(f.type);
  }
}

export function readStringMap(r: Reader): Record<string, string> {
  const { keyType, valueType, size } = r.mapBegin();
  const out: Record<string, string> = {};
  for (let i = 0; i < size; i++) {
    if (keyType === T.STRING && valueType === T.STRING) {
      out[r.string()] = r.string();
    } else {
      r.skip(keyType);
      r.skip(valueType);
    }
  }
  return out;
}

export function writeStringMap(w: Writer, map: Record<string, string>): void {
  const entries = Object.entries(map);
  w.mapBegin(T.STRING, T.STRING, entries.length);
  for (const [key, value] of entries) w.string(key).string(value);
}

export function readRows(r: Reader): PluginResponse {
  const { elementType, size } = r.listBegin();
  const rows: PluginResponse = [];
  for (let i = 0; i < size; i++) {
    if (elementType === T.MAP) rows.push(readStringMap(r));
    else r.skip(elementType);
  }
  return rows;
}

export function writeRows(w: Writer, rows: PluginResponse): void {
  w.listBegin(T.MAP, rows.length);
  for (const row of rows) writeStringMap(w, row);
}

export function readStatus(r: Reader): ExtensionStatus {
  const status: ExtensionStatus = { code: 0, message: '', uuid: 0n };
  readStruct(r, (id, type) => {
    if (id === 1 && type === T.I32) status.code = r.i32();
    else if (id === 2 && type === T.STRING) status.message = r.string();
    else if (id === 3 && type === T.I64) status.uuid = r.i64();
    else return false;
    return true;
  });
  return status;
}

export function writeStatus(w: Writer, status: ExtensionStatus): void {
  w.fieldBegin(T.I32, 1).i32(status.code);
  w.fieldBegin(T.STRING, 2).string(status.message);
  w.fieldBegin(T.I64, 3).i64(status.uuid);
  w.stop();
}

export function readResponse(r: Reader): ExtensionResponse {
  const out: ExtensionResponse = { status: { code: 0, message: '', uuid: 0n }, response: [] };
  readStruct(r, (id, type) => {
    if (id === 1 && type === T.STRUCT) out.status = readStatus(r);
    else if (id === 2 && type === T.LIST) out.response = readRows(r);
    else return false;
    return true;
  });
  return out;
}

export function writeResponse(w: Writer, response: ExtensionResponse): void {
  w.fieldBegin(T.STRUCT, 1);
  writeStatus(w, response.status);
  w.fieldBegin(T.LIST, 2);
  writeRows(w, response.response);
  w.stop();
}

export function readInfo(r: Reader): ExtensionInfo {
  const info: ExtensionInfo = { name: '', version: '', sdk_version: '', min_sdk_version: '' };
  const keys = ['name', 'version', 'sdk_version', 'min_sdk_version'] as const;
  readStruct(r, (id, type) => {
    const key = keys[id - 1];
    if (key === undefined || type !== T.STRING) return false;
    info[key] = r.string();
    return true;
  });
  return info;
}

export function writeInfo(w: Writer, info: ExtensionInfo): void {
  w.fieldBegin(T.STRING, 1).string(info.name);
  w.fieldBegin(T.STRING, 2).string(info.version);
  w.fieldBegin(T.STRING, 3).string(info.sdk_version);
  w.fieldBegin(T.STRING, 4).string(info.min_sdk_version);
  w.stop();
}

export function readRegistry(r: Reader): ExtensionRegistry {
  const registries = r.mapBegin();
  const out: ExtensionRegistry = {};
  for (let i = 0; i < registries.size; i++) {
    const registry = r.string();
    const items = r.mapBegin();
    const routes: Record<string, PluginResponse> = {};
    for (let j = 0; j < items.size; j++) routes[r.string()] = readRows(r);
    out[registry] = routes;
  }
  return out;
}

export function writeOptions(w: Writer, options: Record<string, OptionInfo>): void {
  const entries = Object.entries(options);
  w.mapBegin(T.STRING, T.STRUCT, entries.length);
  for (const [name, option] of entries) {
    w.string(name);
    w.fieldBegin(T.STRING, 1).string(option.value);
    w.fieldBegin(T.STRING, 2).string(option.default_value);
    w.fieldBegin(T.STRING, 3).string(option.type);
    w.stop();
  }
}

export function writeExtensionList(w: Writer, list: ReadonlyMap<bigint, ExtensionInfo>): void {
  w.mapBegin(T.I64, T.STRUCT, list.size);
  for (const [uuid, info] of list) {
    w.i64(uuid);
    writeInfo(w, info);
  }
}

/** TApplicationException (message type EXCEPTION): 1 message, 2 type (1 = unknown method). */
export function writeUnknownMethod(w: Writer, name: string, seqid: number): void {
  w.messageBegin(name, MESSAGE.EXCEPTION, seqid);
  w.fieldBegin(T.STRING, 1).string(`Invalid method name: '${name}'`);
  w.fieldBegin(T.I32, 2).i32(1);
  w.stop();
}

export function readApplicationException(r: Reader): string {
  let message = 'unknown error';
  readStruct(r, (id, type) => {
    if (id !== 1 || type !== T.STRING) return false;
    message = r.string();
    return true;
  });
  return message;
}
