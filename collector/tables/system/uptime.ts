/** `uptime`: /proc/uptime split into days, hours, minutes and seconds (osquery's genUptime). */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists } from '../lib/read.js';

export function genUptime(ctx: QueryContext): Row[] {
  const text = readTextIfExists('/proc/uptime');
  if (text === null) return [];
  const total = Math.floor(Number(text.split(' ')[0]));
  if (!Number.isFinite(total)) {
    ctx.errors.skip('malformed /proc/uptime');
    return [];
  }
  return [uptimeRow(total)];
}

export function uptimeRow(total: number): Row {
  return {
    days: Math.floor(total / 86400),
    hours: Math.floor((total % 86400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
    total_seconds: total,
  };
}
