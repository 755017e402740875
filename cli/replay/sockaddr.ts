/**
 * The socket address in an audit SOCKADDR record: `saddr` is the caller's `struct sockaddr` in hex. The family is
 * the first two bytes in host order (every architecture auditd runs on here is little-endian); the port is in
 * network order; IPv4 is bytes 4–7, IPv6 bytes 8–23 (after the flow label). Other families (unix, netlink) have no
 * IP address and give null.
 */
export interface SocketAddress {
  /** 2 = AF_INET, 10 = AF_INET6, as osquery's `family` column. */
  readonly family: 2 | 10;
  readonly ip: string;
  readonly port: number;
}

const AF_INET = 2;
const AF_INET6 = 10;

export function decodeSockaddr(hex: string): SocketAddress | null {
  if (!/^[0-9A-Fa-f]*$/.test(hex) || hex.length % 2 !== 0) return null;
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length < 8) return null;
  const family = bytes.readUInt16LE(0);
  const port = bytes.readUInt16BE(2);
  if (family === AF_INET) return { family: AF_INET, ip: [...bytes.subarray(4, 8)].join('.'), port };
  if (family === AF_INET6 && bytes.length >= 24) return { family: AF_INET6, ip: ipv6Text(bytes.subarray(8, 24)), port };
  return null;
}

/** RFC 5952 text (lower case, longest zero run as `::`), as the WHATWG URL parser writes an IPv6 host. */
function ipv6Text(address: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(address.readUInt16BE(i).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}
