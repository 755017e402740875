/**
 * `interface_ipv6`: per-interface IPv6 settings from /proc/sys/net/ipv6/conf/<interface>/ (osquery's
 * genInterfaceIpv6 reads the same files: hop_limit, forwarding, accept_redirects, accept_ra). osquery walks the
 * interfaces that have addresses; the kernel's conf directory holds exactly the interfaces with IPv6 enabled, plus
 * its `all` and `default` templates, which are not interfaces and are left out.
 */
import { readdirSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { PROC } from '../lib/proc.js';
import { isGone, readText, toInt } from '../lib/read.js';

const TEMPLATES = new Set(['all', 'default']);

export function genInterfaceIpv6(ctx: QueryContext, confDir = `${PROC}/sys/net/ipv6/conf`): Row[] {
  let names: string[];
  try {
    names = readdirSync(confDir);
  } catch (err) {
    if (!isGone(err)) ctx.errors.skip(`cannot list ${confDir}`, err);
    return []; // IPv6 disabled in this kernel
  }
  const rows: Row[] = [];
  for (const name of names.filter((n) => !TEMPLATES.has(n)).sort()) {
    const setting = (file: string): number | null => readSetting(ctx, `${confDir}/${name}/${file}`);
    rows.push({
      interface: name,
      hop_limit: setting('hop_limit'),
      forwarding_enabled: setting('forwarding'),
      redirect_accept: setting('accept_redirects'),
      rtadv_accept: setting('accept_ra'),
    });
  }
  return rows;
}

function readSetting(ctx: QueryContext, path: string): number | null {
  try {
    return toInt(readText(path).trim());
  } catch (err) {
    if (!isGone(err)) ctx.errors.skip(`cannot read ${path}`, err);
    return null;
  }
}
