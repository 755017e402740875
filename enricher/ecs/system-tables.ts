/**
 * ECS mappings of the account, session, software and persistence tables, and of the host inventory tables (whose
 * rows also build host metadata, state/host-inventory.ts).
 */
import { isIP } from 'node:net';
import { lifecycle, isUnsetAddress, type TableMapping } from './mapping.js';
import { basename, int, secondsToMs, str } from './row.js';

export const users: TableMapping = {
  table: 'users',
  category: ['iam'],
  signature: ['uid', 'gid', 'username', 'directory', 'shell', 'uid_signed'],
  types: lifecycle('creation', 'deletion', ['user']),
  map(row, doc) {
    const gid = str(row, 'gid');
    doc.user = {
      id: str(row, 'uid'),
      name: str(row, 'username'),
      group: gid === null ? null : { id: gid, name: null },
    };
  },
};

export const loggedInUsers: TableMapping = {
  table: 'logged_in_users',
  category: ['session'],
  signature: ['type', 'user', 'tty', 'host', 'time', 'pid'],
  types: lifecycle('start', 'end'),
  map(row, doc) {
    const user = str(row, 'user');
    if (user !== null) doc.user = { name: user };
    // `host` is where the session came from: an address, a host name, or empty / ":0" for local logins.
    const host = str(row, 'host');
    if (host !== null && !host.startsWith(':') && !isUnsetAddress(host)) {
      doc.source = isIP(host) ? { ip: host, address: host } : { domain: host, address: host };
    }
    const pid = int(row, 'pid', 1);
    if (pid !== null) doc.process = { pid, start: secondsToMs(row, 'time') };
  },
};

export const debPackages: TableMapping = {
  table: 'deb_packages',
  category: ['package'],
  signature: ['name', 'version', 'source', 'arch', 'revision', 'status', 'maintainer', 'section', 'priority'],
  types: lifecycle('installation', 'deletion'),
  // ECS package.* is not in the enriched_event schema yet: the row stays whole under osquery.columns.
  map() {},
};

export const kernelModules: TableMapping = {
  table: 'kernel_modules',
  category: ['driver'],
  signature: ['name', 'size', 'used_by', 'status', 'address'],
  types: lifecycle('start', 'end'),
  map() {},
};

export const crontab: TableMapping = {
  table: 'crontab',
  category: ['configuration'],
  signature: ['event', 'minute', 'hour', 'day_of_month', 'month', 'day_of_week', 'command', 'path'],
  types: lifecycle('creation', 'deletion'),
  map(row, doc) {
    const path = str(row, 'path');
    if (path !== null) doc.file = { path, name: basename(path) };
    const command = str(row, 'command');
    if (command !== null) doc.process = { command_line: command };
  },
};

export const shellHistory: TableMapping = {
  table: 'shell_history',
  category: ['process'],
  signature: ['uid', 'time', 'command', 'history_file'],
  // A new history line is a command that ran; one that disappears was only removed from the file.
  types: lifecycle('start', 'info'),
  map(row, doc) {
    doc.process = { command_line: str(row, 'command'), start: secondsToMs(row, 'time') };
    const uid = str(row, 'uid');
    if (uid !== null) doc.user = { id: uid };
    const file = str(row, 'history_file');
    if (file !== null) doc.file = { path: file, name: basename(file) };
  },
};

const hostState = lifecycle('change', 'change');

export const systemInfo: TableMapping = {
  table: 'system_info',
  category: ['host'],
  signature: ['hostname', 'uuid', 'cpu_type', 'cpu_brand', 'physical_memory', 'hardware_vendor'],
  types: hostState,
  map() {},
};

export const osVersion: TableMapping = {
  table: 'os_version',
  category: ['host'],
  signature: ['name', 'version', 'major', 'minor', 'patch', 'build', 'platform', 'platform_like', 'codename'],
  types: hostState,
  map() {},
};

export const osqueryInfo: TableMapping = {
  table: 'osquery_info',
  category: ['host'],
  signature: ['pid', 'uuid', 'instance_id', 'version', 'config_hash', 'build_platform', 'watcher'],
  types: hostState,
  map(row, doc) {
    const pid = int(row, 'pid', 1);
    if (pid !== null) doc.process = { pid };
  },
};

export const interfaceAddresses: TableMapping = {
  table: 'interface_addresses',
  category: ['host'],
  signature: ['interface', 'address', 'mask', 'broadcast', 'point_to_point', 'type'],
  types: hostState,
  map() {},
};
