/**
 * `crontab`: jobs in /etc/crontab and the files of /etc/cron.d and the per-user spool directories (osquery's
 * genCronTab). Lines that are not jobs (variable assignments) are left out, as osquery does.
 */
import { readdirSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { namespaceRoots } from '../lib/namespace.js';
import { isGone, readTextIfExists, splitLines } from '../lib/read.js';

const SYSTEM_CRONTAB = '/etc/crontab';
const CRON_DIRS = ['/etc/cron.d/', '/var/at/tabs/', '/var/spool/cron/', '/var/spool/cron/crontabs/'];

/** `root` re-roots every path (tests point it at a temporary tree); otherwise pid_with_namespace decides. */
export function genCrontab(ctx: QueryContext, root?: string): Row[] {
  const rows: Row[] = [];
  for (const ns of namespaceRoots(ctx)) {
    const base = root ?? ns.root;
    for (const path of cronFiles(ctx, base)) {
      let text: string | null;
      try {
        text = readTextIfExists(base + path);
      } catch (err) {
        ctx.errors.skip(`cannot read ${path}`, err);
        continue;
      }
      if (text === null) continue;
      for (const line of splitLines(text)) {
        const row = parseCronLine(line);
        if (row !== null) rows.push({ ...row, path, pid_with_namespace: ns.pidWithNamespace });
      }
    }
  }
  return rows;
}

function cronFiles(ctx: QueryContext, base: string): string[] {
  const files = [SYSTEM_CRONTAB];
  for (const dir of CRON_DIRS) {
    try {
      for (const e of readdirSync(base + dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.isFile()) files.push(dir + e.name);
      }
    } catch (err) {
      if (!isGone(err)) ctx.errors.skip(`cannot list ${dir}`, err);
    }
  }
  return files;
}

/**
 * One crontab line as columns: five schedule fields then the command, or `@reboot`-style event then the
 * command. Comments, blank lines and lines without a command (assignments such as SHELL=/bin/sh) give null.
 */
export function parseCronLine(raw: string): Row | null {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return null;
  const words = line.split(/[ \t]+/);
  const first = words[0] ?? '';
  if (first.startsWith('@')) {
    const command = words.slice(1).join(' ');
    return command === '' ? null : { event: first, command };
  }
  const command = words.slice(5).join(' ');
  if (command === '') return null;
  const [minute, hour, day_of_month, month, day_of_week] = words;
  return { event: '', minute, hour, day_of_month, month, day_of_week, command };
}
