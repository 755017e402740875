/**
 * startup_items on Linux, as osquery's genStartupItems (tables/system/linux/startup_items.cpp):
 * - each home's ~/.config/autostart/*.desktop (Name=, Exec=) and ~/.config/autostart-scripts/*, with the user name
 *   taken from /home/<user>/…;
 * - /etc/init.d/* scripts and /etc/xdg/autostart/*.desktop;
 * - systemd units: name = unit id, type 'systemd unit', status = active state, path = fragment path,
 *   source = SourcePath, username = User= (from systemd_units, which reads unit files rather than D-Bus).
 * Desktop entries and scripts are reported 'enabled', as osquery does.
 */
import { readdirSync, statSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { readPasswd } from '../lib/accounts.js';
import { readTextIfExists } from '../lib/read.js';
import { collectUnits } from './systemd_units.js';

export function* genStartupItems(ctx: QueryContext): Iterable<Row> {
  for (const home of homeDirectories()) {
    yield* autostartItems(ctx, `${home}/.config/autostart/`);
    yield* autostartScripts(`${home}/.config/autostart-scripts/`);
  }
  yield* autostartScripts('/etc/init.d/');
  yield* autostartItems(ctx, '/etc/xdg/autostart/');
  for (const unit of collectUnits(ctx)) {
    yield {
      name: unit.id,
      type: 'systemd unit',
      status: unit.activeState,
      path: unit.fragmentPath,
      source: unit.sourcePath,
      username: unit.user,
    };
  }
}

function* autostartItems(ctx: QueryContext, dir: string): Iterable<Row> {
  for (const file of filesIn(dir)) {
    const row: Row = { type: 'Startup Item', status: 'enabled', source: dir, username: userOf(dir) };
    try {
      for (const line of (readTextIfExists(file) ?? '').split('\n')) {
        const parts = line.split('=');
        // osquery keeps Name=/Exec= lines that split into exactly two parts on '='.
        if (parts.length !== 2) continue;
        if (line.startsWith('Name=')) row.name = parts[1];
        if (line.startsWith('Exec=')) row.path = parts[1];
      }
    } catch (err) {
      ctx.errors.skip(`cannot read ${file}`, err);
    }
    yield row;
  }
}

function* autostartScripts(dir: string): Iterable<Row> {
  for (const file of filesIn(dir)) {
    yield {
      name: file.slice(dir.length),
      path: file,
      type: 'Startup Item',
      status: 'enabled',
      source: dir,
      username: userOf(dir),
    };
  }
}

function userOf(dir: string): string | undefined {
  const parts = dir.split('/').filter(Boolean);
  return parts[0] === 'home' && parts.length > 1 ? parts[1] : undefined;
}

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .sort()
      .map((name) => dir + name)
      .filter((path) => {
        try {
          return statSync(path).isFile();
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

function homeDirectories(): string[] {
  return [
    ...new Set(
      readPasswd()
        .map((u) => u.directory)
        .filter((home) => home !== '' && home !== '/'),
    ),
  ];
}
