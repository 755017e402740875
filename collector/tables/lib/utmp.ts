/**
 * utmp/wtmp records (utmp(5)) as glibc writes them on 64-bit Linux: 384-byte little-endian records with 32-bit
 * time fields (`__WORDSIZE_TIME64_COMPAT32`). Used by logged_in_users (/var/run/utmp) and last (/var/log/wtmp).
 */

export const UTMP_RECORD_SIZE = 384;

/** ut_type names as osquery's kLoginTypes spells them (index = the utmp.h constant). */
export const UTMP_TYPE_NAMES: readonly string[] = [
  'empty',
  'runlevel',
  'boot_time',
  'new_time',
  'old_time',
  'init',
  'login',
  'user',
  'dead',
  'accounting',
];

export const USER_PROCESS = 7;
export const DEAD_PROCESS = 8;

export interface UtmpRecord {
  readonly type: number;
  readonly pid: number;
  readonly line: string;
  readonly id: string;
  readonly user: string;
  readonly host: string;
  readonly session: number;
  readonly time: number;
  readonly usec: number;
}

/** A NUL-padded fixed-size char field. */
function cString(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? length : nul).toString('utf8');
}

/**
 * Decodes every whole record in a utmp/wtmp file. A trailing partial record (a file being appended to) is
 * ignored; the count of ignored bytes is returned so the caller can report it.
 */
export function parseUtmp(buf: Buffer): { records: UtmpRecord[]; trailingBytes: number } {
  const records: UtmpRecord[] = [];
  const whole = Math.floor(buf.length / UTMP_RECORD_SIZE);
  for (let i = 0; i < whole; i++) {
    const o = i * UTMP_RECORD_SIZE;
    records.push({
      type: buf.readInt16LE(o),
      pid: buf.readInt32LE(o + 4),
      line: cString(buf, o + 8, 32),
      id: cString(buf, o + 40, 4),
      user: cString(buf, o + 44, 32),
      host: cString(buf, o + 76, 256),
      session: buf.readInt32LE(o + 336),
      time: buf.readUInt32LE(o + 340),
      usec: buf.readInt32LE(o + 344),
    });
  }
  return { records, trailingBytes: buf.length - whole * UTMP_RECORD_SIZE };
}

/** Encodes one record (the inverse of parseUtmp), for fixtures and tests. */
export function encodeUtmp(r: Partial<UtmpRecord> & { type: number }): Buffer {
  const buf = Buffer.alloc(UTMP_RECORD_SIZE);
  buf.writeInt16LE(r.type, 0);
  buf.writeInt32LE(r.pid ?? 0, 4);
  buf.write(r.line ?? '', 8, 32, 'utf8');
  buf.write(r.id ?? '', 40, 4, 'utf8');
  buf.write(r.user ?? '', 44, 32, 'utf8');
  buf.write(r.host ?? '', 76, 256, 'utf8');
  buf.writeInt32LE(r.session ?? 0, 336);
  buf.writeUInt32LE(r.time ?? 0, 340);
  buf.writeInt32LE(r.usec ?? 0, 344);
  return buf;
}
