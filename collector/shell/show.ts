/** `.show` / `.summary`: osqueryi's `meta_show` report of general and shell settings and non-default flags. */
import type { ShellSession } from './session.js';

/** printf `%13.13s: `: labels right-aligned and cut to 13 characters. */
function label(name: string): string {
  return `${name.slice(0, 13).padStart(13)}: `;
}

/** sqlite's `output_c_string`: double-quoted, C escapes, other non-printable bytes as `\ooo`. */
export function cString(value: string): string {
  let out = '"';
  for (const byte of Buffer.from(value)) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x22) out += '\\"';
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

function pluginWithTarget(session: ShellSession, plugin: string, path: string, tlsEndpoint: string): string {
  const flag = (name: string): string => session.flags.get(name) ?? '';
  const value = flag(plugin);
  if (value === 'filesystem') return `${value} (${flag(path)})`;
  if (value === 'tls') return `${value} (${flag('tls_hostname')}${flag(tlsEndpoint)})`;
  return value;
}

/** Names from osquery_extensions, or nothing when the table is absent (as osqueryi shows an empty list). */
function extensionNames(session: ShellSession): string {
  try {
    const result = session.engine.query('SELECT name FROM osquery_extensions');
    return result.rows.map((row) => String(row[0] ?? '')).join(', ');
  } catch {
    return '';
  }
}

export function showText(session: ShellSession): string {
  const flag = (name: string): string => session.flags.get(name) ?? '';
  const s = session.settings;
  const lines = [
    `${session.bold('osquery')} - being built, with love.`,
    '~'.repeat(45),
    `osquery ${session.engine.services.version}`,
    `using SQLite ${session.engine.sqliteVersion}`,
    '',
    'General settings:',
    label('Flagfile') + flag('flagfile'),
    label('Config') + pluginWithTarget(session, 'config_plugin', 'config_path', 'config_tls_endpoint'),
    label('Logger') + pluginWithTarget(session, 'logger_plugin', 'logger_path', 'logger_tls_endpoint'),
    label('Distributed') + flag('distributed_plugin'),
    // The shell keeps no persistent database: osquery's `ephemeral` database plugin.
    label('Database') + 'ephemeral',
    label('Extensions') + extensionNames(session),
    label('Socket') + flag('extensions_socket'),
    '',
    'Shell settings:',
    label('echo') + (s.echo ? 'on' : 'off'),
    label('headers') + (s.header ? 'on' : 'off'),
    label('mode') + s.mode,
    label('nullvalue') + cString(s.nullvalue),
    label('output') + (flag('output') === '' || flag('output') === '-' ? 'stdout' : flag('output')),
    label('separator') + cString(s.separator),
    label('width') + widthList(s.widths),
    '',
    'Non-default flags/options:',
    ...session.flags
      .list()
      .filter((row) => row.default_value !== row.value)
      .map((row) => `  ${row.name}: ${row.value}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** `%d ` for each width up to the first 0. */
function widthList(widths: readonly number[]): string {
  const end = widths.indexOf(0);
  return (end < 0 ? widths : widths.slice(0, end)).map((w) => `${w} `).join('');
}
