/** Parsing shared by authorized_keys and known_hosts: OpenSSH public-key lines (sshd(8) AUTHORIZED_KEYS FORMAT). */

/** Key types OpenSSH accepts in authorized_keys, plus the certificate and security-key variants. */
const KEY_TYPE = /^(ssh-(rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)(-cert-v01@openssh\.com)?$/;

export interface AuthorizedKey {
  readonly options: string;
  readonly algorithm: string;
  readonly key: string;
  readonly comment: string;
}

/** Splits on whitespace outside double quotes (options such as `command="echo a b"` contain spaces). */
function tokens(line: string): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i] as string)) i++;
    if (i >= line.length) break;
    const start = i;
    let quoted = false;
    while (i < line.length && (quoted || !/\s/.test(line[i] as string))) {
      if (line[i] === '\\' && quoted) i++;
      else if (line[i] === '"') quoted = !quoted;
      i++;
    }
    out.push({ text: line.slice(start, i), start, end: i });
  }
  return out;
}

/**
 * Parses one authorized_keys line: `[options] keytype base64-key [comment]`. Returns null for a line with no
 * recognisable key type or no key (the caller counts it as malformed).
 */
export function parseAuthorizedKey(line: string): AuthorizedKey | null {
  const parts = tokens(line.trim());
  const typeAt = parts.findIndex((t) => KEY_TYPE.test(t.text));
  if (typeAt < 0 || typeAt > 1) return null;
  const key = parts[typeAt + 1];
  if (key === undefined) return null;
  const trimmed = line.trim();
  const rest = parts[typeAt + 2];
  return {
    options: typeAt === 1 ? (parts[0]?.text ?? '') : '',
    algorithm: parts[typeAt]?.text ?? '',
    key: key.text,
    comment: rest === undefined ? '' : trimmed.slice(rest.start).trim(),
  };
}

/** Whether a line carries data (not blank, not a comment). */
export function isKeyLine(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#');
}
