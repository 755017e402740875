/**
 * File type recognition by magic numbers, standing in for libmagic (which Node cannot load): the formats a
 * security query meets most (ELF, scripts, text, JSON, archives and compressors, PDF, images). `data` is libmagic's
 * description up to the details that need its full database (ELF BuildID/ABI note, gzip header fields…);
 * `mime_type` and `mime_encoding` are libmagic's values. Unrecognised binary content is `data` /
 * application/octet-stream, as libmagic reports it.
 */
import { describeElf } from './magic-elf.js';

export interface MagicResult {
  data: string;
  mimeType: string;
  mimeEncoding: string;
}

type Detector = (head: Buffer) => MagicResult | null;

const binary = (data: string, mimeType: string): MagicResult => ({ data, mimeType, mimeEncoding: 'binary' });

const startsWith = (head: Buffer, bytes: number[], at = 0): boolean => bytes.every((b, i) => head[at + i] === b);

const DETECTORS: Detector[] = [
  (h) => (startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) ? describePng(h) : null),
  (h) =>
    h.toString('latin1', 0, 6) === 'GIF87a' || h.toString('latin1', 0, 6) === 'GIF89a'
      ? binary(
          `GIF image data, version ${h.toString('latin1', 3, 6)}, ${h.readUInt16LE(6)} x ${h.readUInt16LE(8)}`,
          'image/gif',
        )
      : null,
  (h) => (startsWith(h, [0xff, 0xd8, 0xff]) ? binary(`JPEG image data${jfif(h)}`, 'image/jpeg') : null),
  (h) =>
    h.toString('latin1', 0, 5) === '%PDF-'
      ? {
          data: `PDF document, version ${h.toString('latin1', 5, 8)}`,
          mimeType: 'application/pdf',
          mimeEncoding: 'binary',
        }
      : null,
  (h) => (startsWith(h, [0x1f, 0x8b]) ? binary('gzip compressed data', 'application/gzip') : null),
  (h) => (startsWith(h, [0x50, 0x4b, 0x03, 0x04]) ? binary('Zip archive data', 'application/zip') : null),
  (h) =>
    startsWith(h, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) ? binary('XZ compressed data', 'application/x-xz') : null,
  (h) =>
    h.toString('latin1', 0, 3) === 'BZh' && h[3] !== undefined && h[3] >= 0x31 && h[3] <= 0x39
      ? binary(`bzip2 compressed data, block size = ${h[3] - 0x30}00k`, 'application/x-bzip2')
      : null,
  (h) => (startsWith(h, [0x28, 0xb5, 0x2f, 0xfd]) ? binary('Zstandard compressed data', 'application/zstd') : null),
  (h) =>
    startsWith(h, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])
      ? binary('7-zip archive data', 'application/x-7z-compressed')
      : null,
  (h) =>
    h.toString('latin1', 257, 265) === 'ustar  \0' ? binary('POSIX tar archive (GNU)', 'application/x-tar') : null,
  (h) => (h.toString('latin1', 257, 263) === 'ustar\0' ? binary('POSIX tar archive', 'application/x-tar') : null),
];

/** Describes file content from its first bytes (`head`); `readAt` fetches more of the file for ELF headers. */
export function identifyContent(head: Buffer, readAt: (offset: number, length: number) => Buffer): MagicResult {
  if (head.length === 0) return { data: 'empty', mimeType: 'inode/x-empty', mimeEncoding: 'binary' };
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) {
    const elf = describeElf(head, readAt);
    if (elf) return binary(elf.data, elf.mimeType);
  }
  for (const detect of DETECTORS) {
    const found = detect(head);
    if (found) return found;
  }
  return describeText(head) ?? binary('data', 'application/octet-stream');
}

function describePng(h: Buffer): MagicResult {
  if (h.length < 29 || h.toString('latin1', 12, 16) !== 'IHDR') return binary('PNG image data', 'image/png');
  const colors: Record<number, string> = { 0: 'grayscale', 2: 'RGB', 3: 'colormap', 4: 'gray+alpha', 6: 'RGBA' };
  const depth = h[24] ?? 0;
  const color = colors[h[25] ?? -1] ?? 'unknown';
  const kind = h[25] === 3 ? `${depth}-bit ${color}` : `${depth}-bit/color ${color}`;
  const interlace = h[28] === 1 ? 'interlaced' : 'non-interlaced';
  return binary(`PNG image data, ${h.readUInt32BE(16)} x ${h.readUInt32BE(20)}, ${kind}, ${interlace}`, 'image/png');
}

function jfif(h: Buffer): string {
  return h.toString('latin1', 6, 11) === 'JFIF\0' ? `, JFIF standard ${h[11]}.${String(h[12]).padStart(2, '0')}` : '';
}

const INTERPRETERS: Array<{ pattern: RegExp; name: string; mime: string }> = [
  { pattern: /^(\/usr)?\/bin\/(env\s+)?(sh|dash)\b/, name: 'POSIX shell script', mime: 'text/x-shellscript' },
  { pattern: /^(\/usr)?\/bin\/(env\s+)?bash\b/, name: 'Bourne-Again shell script', mime: 'text/x-shellscript' },
  { pattern: /^\S*\/(env\s+)?python[0-9.]*\b/, name: 'Python script', mime: 'text/x-script.python' },
  { pattern: /^\S*\/(env\s+)?perl\b/, name: 'Perl script text executable', mime: 'text/x-perl' },
  { pattern: /^\S*\/(env\s+)?node\b/, name: 'Node.js script', mime: 'application/javascript' },
];

/** Text: no NUL and no control bytes besides whitespace; ASCII, UTF-8 or ISO-8859; scripts by their #! line. */
function describeText(head: Buffer): MagicResult | null {
  for (const b of head)
    if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b)) return null;
  const ascii = head.every((b) => b < 0x80);
  const utf8 = !ascii && Buffer.from(head.toString('utf8'), 'utf8').equals(head);
  const kind = ascii ? 'ASCII text' : utf8 ? 'Unicode text, UTF-8 text' : 'ISO-8859 text';
  const encoding = ascii ? 'us-ascii' : utf8 ? 'utf-8' : 'iso-8859-1';
  const text = head.toString(ascii || utf8 ? 'utf8' : 'latin1');
  const crlf = text.includes('\r\n') ? ', with CRLF line terminators' : '';
  if (text.startsWith('#!')) {
    const interpreter = INTERPRETERS.find((i) => i.pattern.test(text.slice(2).trimStart()));
    if (interpreter)
      return {
        data: `${interpreter.name}, ${kind} executable${crlf}`,
        mimeType: interpreter.mime,
        mimeEncoding: encoding,
      };
  }
  if (/^\s*[{[]/.test(text) && isJson(text))
    return { data: `JSON text data`, mimeType: 'application/json', mimeEncoding: encoding };
  return { data: `${kind}${crlf}`, mimeType: 'text/plain', mimeEncoding: encoding };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
