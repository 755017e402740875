/**
 * What osquery's user_ssh_keys reports about a private key file: its type, group, size, security strength and
 * whether it is encrypted. PEM keys (PKCS#1, PKCS#8, SEC1) go through Node's OpenSSL, as osquery's go through
 * PEM_read_bio_PrivateKey; OpenSSH's own format, which OpenSSL cannot read, is decoded from its public key blob as
 * osquery's getOpenSSHKeyType does. Nothing is decrypted: an encrypted key is only recognised as one.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';

export interface PrivateKeyFacts {
  readonly encrypted: boolean;
  readonly keyType: string;
  readonly groupName: string;
  /** Bits of the key, or -1 when unknown (an encrypted PEM key). */
  readonly length: number;
  /** Bits of security per NIST SP 800-57, as OpenSSL's EVP_PKEY_security_bits; -1 when unknown. */
  readonly securityBits: number;
}

const OPENSSH_HEADER = '-----BEGIN OPENSSH PRIVATE KEY-----';
/** base64 of `openssh-key-v1\0` + the cipher name `none`: the start of every unencrypted OpenSSH key. */
const OPENSSH_UNENCRYPTED = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmU';
const UNKNOWN = { groupName: '', length: -1, securityBits: -1 };

/** The facts of a private key, or null when the text is not one (osquery then gives the file no row). */
export function describePrivateKey(text: string): PrivateKeyFacts | null {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch (err) {
    if (needsPassphrase(text, err)) return { encrypted: true, keyType: '', ...UNKNOWN };
    return text.startsWith(OPENSSH_HEADER) ? describeOpenSshKey(text) : null;
  }
  return describeKeyObject(key);
}

/**
 * OpenSSL asked for a passphrase (osquery notices the same through its password callback). Node reports it as
 * ERR_MISSING_PASSPHRASE for legacy `Proc-Type: 4,ENCRYPTED` PEM and as a cancelled callback for encrypted PKCS#8.
 */
function needsPassphrase(text: string, err: unknown): boolean {
  const code = (err as { code?: string }).code;
  if (code === 'ERR_MISSING_PASSPHRASE') return true;
  const encryptedPem =
    text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || text.includes('Proc-Type: 4,ENCRYPTED');
  return encryptedPem && code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED';
}

function describeKeyObject(key: KeyObject): PrivateKeyFacts {
  const details = key.asymmetricKeyDetails ?? {};
  const type = key.asymmetricKeyType ?? '';
  if (type === 'ec') {
    const curve = details.namedCurve ?? '';
    const bits = CURVE_BITS[curve] ?? -1;
    return {
      encrypted: false,
      keyType: 'ec',
      groupName: curve,
      length: bits,
      securityBits: bits < 0 ? -1 : Math.floor(bits / 2),
    };
  }
  if (type === 'rsa' || type === 'rsa-pss' || type === 'dsa') {
    const bits = details.modulusLength ?? -1;
    const security =
      type === 'dsa'
        ? Math.min(ffcSecurityBits(bits), Math.floor((details.divisorLength ?? 0) / 2))
        : ffcSecurityBits(bits);
    return {
      encrypted: false,
      keyType: type === 'dsa' ? 'dsa' : 'rsa',
      groupName: '',
      length: bits,
      securityBits: security,
    };
  }
  const edwards = EDWARDS[type];
  return { encrypted: false, keyType: '', ...(edwards ? { groupName: '', ...edwards } : UNKNOWN) };
}

/** Curve sizes in bits under the names Node (OpenSSL) gives them. */
const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256 };
/** EVP_PKEY_bits / security bits of the Edwards and Montgomery curves, whose OpenSSL key type osquery names ''. */
const EDWARDS: Record<string, { length: number; securityBits: number }> = {
  ed25519: { length: 253, securityBits: 128 },
  x25519: { length: 253, securityBits: 128 },
  ed448: { length: 456, securityBits: 224 },
  x448: { length: 448, securityBits: 224 },
};

/**
 * OpenSSL's ossl_ifc_ffc_compute_security_bits: the canonical values of SP 800-56B for common RSA/DSA sizes, the
 * formula of SP 800-56B Appendix D (rounded to a multiple of 8, at most 256 bits) for the others.
 */
export function ffcSecurityBits(bits: number): number {
  const canonical: Record<number, number> = {
    2048: 112,
    3072: 128,
    4096: 152,
    6144: 176,
    7680: 192,
    8192: 200,
    15360: 256,
  };
  const known = canonical[bits];
  if (known !== undefined) return known;
  if (bits < 8) return 0;
  const x = bits * Math.LN2;
  const y = (1.923 * Math.cbrt(x * Math.log(x) ** 2) - 4.69) / Math.LN2;
  return Math.min(256, (Math.floor(y) + 4) & ~7);
}

/** An OpenSSH-format key: encrypted unless its cipher is `none`; type and size from the public key blob. */
function describeOpenSshKey(text: string): PrivateKeyFacts {
  const body = text.slice(text.indexOf('\n') + 1, text.indexOf('-----END')).replace(/\s+/g, '');
  const encrypted = !body.startsWith(OPENSSH_UNENCRYPTED);
  return { encrypted, ...openSshPublicFacts(Buffer.from(body, 'base64')) };
}

/** Reads `openssh-key-v1\0`, ciphername, kdfname, kdfoptions, key count, then the first public key blob. */
function openSshPublicFacts(data: Buffer): Omit<PrivateKeyFacts, 'encrypted'> {
  const reader = new SshReader(data, 15);
  for (let i = 0; i < 3; i++) reader.skipString(); // ciphername, kdfname, kdfoptions
  reader.skip(4); // number of keys
  reader.skip(4); // length of the public key blob
  const keyType = reader.string()?.toString('latin1');
  if (keyType === undefined) return { keyType: '', ...UNKNOWN };
  if (keyType === 'ssh-ed25519') return { keyType: 'ed25519', groupName: '', length: 256, securityBits: 128 };
  const ecdsa = /^ecdsa-sha2-nistp(256|384|521)$/.exec(keyType);
  if (ecdsa) {
    const bits = Number(ecdsa[1]);
    return { keyType: `ecdsa-p${bits}`, groupName: '', length: bits, securityBits: bits === 521 ? 256 : bits / 2 };
  }
  if (keyType === 'ssh-rsa') {
    reader.skipString(); // exponent e
    const bits = mpintBits(reader.string());
    return { keyType: 'rsa', groupName: '', length: bits, securityBits: bits < 0 ? -1 : rsaSshSecurityBits(bits) };
  }
  if (keyType === 'ssh-dss')
    return { keyType: 'dsa', groupName: '', length: mpintBits(reader.string()), securityBits: 80 };
  return { keyType, ...UNKNOWN };
}

/** osquery's step table for RSA keys in OpenSSH format (it does not ask OpenSSL for these). */
function rsaSshSecurityBits(bits: number): number {
  const steps: Array<[number, number]> = [
    [15360, 256],
    [7680, 192],
    [3072, 128],
    [2048, 112],
    [1024, 80],
  ];
  return steps.find(([min]) => bits >= min)?.[1] ?? 64;
}

/** Bits of an SSH mpint, not counting the sign byte; -1 when absent. */
function mpintBits(value: Buffer | undefined): number {
  if (value === undefined || value.length === 0) return -1;
  return (value[0] === 0 && value.length > 1 ? value.length - 1 : value.length) * 8;
}

/** The length-prefixed fields of the SSH wire format (RFC 4251 §5). */
class SshReader {
  constructor(
    private readonly data: Buffer,
    private pos: number,
  ) {}

  skip(bytes: number): void {
    this.pos += bytes;
  }

  skipString(): void {
    this.string();
  }

  string(): Buffer | undefined {
    if (this.pos + 4 > this.data.length) return undefined;
    const length = this.data.readUInt32BE(this.pos);
    const start = this.pos + 4;
    this.pos = start + length;
    return this.pos > this.data.length ? undefined : this.data.subarray(start, this.pos);
  }
}
