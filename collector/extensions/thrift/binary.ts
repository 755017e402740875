/**
 * Thrift's binary protocol (strict, as TBinaryProtocol writes it) over a buffered transport, which adds no framing:
 * a message is complete when its last struct's STOP byte has arrived. So a reader that runs out of bytes throws
 * `Underrun`, and the caller waits for more data and decodes again from the start. Only what osquery's interface
 * uses is here (bool, i32, i64, string, struct, map, list); unknown fields are skipped, as generated code does.
 */
import { OspreyError } from '../../../common/errors.js';

export const T = {
  STOP: 0,
  BOOL: 2,
  BYTE: 3,
  DOUBLE: 4,
  I16: 6,
  I32: 8,
  I64: 10,
  STRING: 11,
  STRUCT: 12,
  MAP: 13,
  SET: 14,
  LIST: 15,
} as const;
export const MESSAGE = { CALL: 1, REPLY: 2, EXCEPTION: 3, ONEWAY: 4 } as const;
const VERSION_1 = 0x80010000;
/** Bounds on sizes read from the wire, so a corrupt length cannot make us allocate gigabytes. */
const MAX_STRING = 64 * 1024 * 1024;
const MAX_ITEMS = 16 * 1024 * 1024;

/** The bytes seen so far do not hold a whole message yet. */
export class Underrun extends Error {
  constructor() {
    super('Thrift message is incomplete.');
  }
}

export class Writer {
  #buf = Buffer.alloc(256);
  #len = 0;

  bytes(): Buffer {
    return this.#buf.subarray(0, this.#len);
  }

  messageBegin(name: string, type: number, seqid: number): this {
    return this.i32((VERSION_1 | type) >> 0)
      .string(name)
      .i32(seqid);
  }

  fieldBegin(type: number, id: number): this {
    return this.byte(type).i16(id);
  }

  stop(): this {
    return this.byte(T.STOP);
  }

  mapBegin(keyType: number, valueType: number, size: number): this {
    return this.byte(keyType).byte(valueType).i32(size);
  }

  listBegin(elementType: number, size: number): this {
    return this.byte(elementType).i32(size);
  }

  byte(value: number): this {
    this.#reserve(1).writeInt8(value, this.#len);
    this.#len += 1;
    return this;
  }

  i16(value: number): this {
    this.#reserve(2).writeInt16BE(value, this.#len);
    this.#len += 2;
    return this;
  }

  i32(value: number): this {
    this.#reserve(4).writeInt32BE(value, this.#len);
    this.#len += 4;
    return this;
  }

  i64(value: bigint | number): this {
    this.#reserve(8).writeBigInt64BE(BigInt(value), this.#len);
    this.#len += 8;
    return this;
  }

  string(value: string): this {
    const encoded = Buffer.from(value, 'utf8');
    this.i32(encoded.length);
    encoded.copy(this.#reserve(encoded.length), this.#len);
    this.#len += encoded.length;
    return this;
  }

  #reserve(n: number): Buffer {
    if (this.#len + n > this.#buf.length) {
      const grown = Buffer.alloc(Math.max(this.#buf.length * 2, this.#len + n));
      this.#buf.copy(grown, 0, 0, this.#len);
      this.#buf = grown;
    }
    return this.#buf;
  }
}

export interface MessageHeader {
  name: string;
  type: number;
  seqid: number;
}

export class Reader {
  readonly #buf: Buffer;
  #pos = 0;

  constructor(buf: Buffer) {
    this.#buf = buf;
  }

  /** Bytes consumed so far: after a whole message, where the next one starts. */
  get position(): number {
    return this.#pos;
  }

  messageBegin(): MessageHeader {
    const version = this.i32();
    if ((version & 0xffff0000) !== (VERSION_1 | 0)) {
      throw new OspreyError(
        'DECODE_ERROR',
        `Not a strict Thrift binary message (version word 0x${(version >>> 0).toString(16)}).`,
      );
    }
    return { type: version & 0xff, name: this.string(), seqid: this.i32() };
  }

  /** The next field's type and id; type STOP ends the struct. */
  fieldBegin(): { type: number; id: number } {
    const type = this.byte();
    return type === T.STOP ? { type, id: 0 } : { type, id: this.i16() };
  }

  mapBegin(): { keyType: number; valueType: number; size: number } {
    return { keyType: this.byte(), valueType: this.byte(), size: this.#count(this.i32()) };
  }

  listBegin(): { elementType: number; size: number } {
    return { elementType: this.byte(), size: this.#count(this.i32()) };
  }

  byte(): number {
    const value = this.#take(1).readInt8(this.#pos - 1);
    return value;
  }

  i16(): number {
    return this.#take(2).readInt16BE(this.#pos - 2);
  }

  i32(): number {
    return this.#take(4).readInt32BE(this.#pos - 4);
  }

  i64(): bigint {
    return this.#take(8).readBigInt64BE(this.#pos - 8);
  }

  string(): string {
    const length = this.i32();
    if (length < 0 || length > MAX_STRING)
      throw new OspreyError('DECODE_ERROR', `Thrift string length ${length} is out of range.`);
    return this.#take(length).toString('utf8', this.#pos - length, this.#pos);
  }

  /** Skips one value of a type (unknown fields, results we do not read). */
  skip(type: number): void {
    switch (type) {
      case T.BOOL:
      case T.BYTE:
        this.#take(1);
        return;
      case T.I16:
        this.#take(2);
        return;
      case T.I32:
        this.#take(4);
        return;
      case T.DOUBLE:
      case T.I64:
        this.#take(8);
        return;
      case T.STRING:
        this.string();
        return;
      case T.STRUCT:
        for (let f = this.fieldBegin(); f.type !== T.STOP; f = this.fieldBegin()) this.skip(f.type);
        return;
      case T.MAP: {
        const m = this.mapBegin();
        for (let i = 0; i < m.size; i++) {
          this.skip(m.keyType);
          this.skip(m.valueType);
        }
        return;
      }
      case T.SET:
      case T.LIST: {
        const l = this.listBegin();
        for (let i = 0; i < l.size; i++) this.skip(l.elementType);
        return;
      }
      default:
        throw new OspreyError('DECODE_ERROR', `Unknown Thrift type ${type}.`);
    }
  }

  #count(size: number): number {
    if (size < 0 || size > MAX_ITEMS)
      throw new OspreyError('DECODE_ERROR', `Thrift container size ${size} is out of range.`);
    return size;
  }

  #take(n: number): Buffer {
    if (this.#pos + n > this.#buf.length) throw new Underrun();
    this.#pos += n;
    return this.#buf;
  }
}
