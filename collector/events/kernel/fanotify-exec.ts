/**
 * fanotify FAN_OPEN_EXEC for the proc connector (native/fanotify.c): the file every execve opens, named while the
 * exec happens, so process_events keeps `path` for processes gone before /proc/<pid>/exe could be read. It marks
 * every filesystem that can hold executables (one mount per filesystem, from /proc/self/mountinfo); pseudo
 * filesystems (proc, sysfs, cgroup ...) are left out. Needs CAP_SYS_ADMIN; filesystems mounted later are not seen.
 */
import { readFileSync } from 'node:fs';
import { eventsAddon } from './addon.js';

/** Filesystems nothing is executed from; marking them would only cost kernel memory. */
const PSEUDO_FILESYSTEMS = new Set([
  'proc',
  'sysfs',
  'cgroup',
  'cgroup2',
  'devpts',
  'mqueue',
  'debugfs',
  'tracefs',
  'securityfs',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'binfmt_misc',
  'autofs',
  'hugetlbfs',
  'rpc_pipefs',
  'nsfs',
  'efivarfs',
  'selinuxfs',
]);

/** mountinfo escapes space, tab, newline and backslash as octal (`\040`). */
function unescapeMountPath(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * One mount point per filesystem (keyed by device major:minor) that may hold executables, from /proc/self/mountinfo
 * text: `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`.
 */
export function execMountPoints(mountinfo: string): string[] {
  const byDevice = new Map<string, string>();
  for (const line of mountinfo.split('\n')) {
    const [mountFields, fsFields] = line.split(' - ');
    if (mountFields === undefined || fsFields === undefined) continue;
    const fields = mountFields.split(' ');
    const device = fields[2];
    const mountPoint = fields[4];
    const fsType = fsFields.split(' ')[0] ?? '';
    if (device === undefined || mountPoint === undefined || PSEUDO_FILESYSTEMS.has(fsType)) continue;
    if (!byDevice.has(device)) byDevice.set(device, unescapeMountPath(mountPoint));
  }
  return [...byDevice.values()];
}

/** Where exec paths come from besides /proc, for the publisher's status line. */
export type ExecWatch =
  | { readonly state: 'fanotify'; readonly fd: number; readonly marked: number; readonly failures: readonly string[] }
  | { readonly state: 'unavailable'; readonly reason: string };

/**
 * A fanotify group marking every executable filesystem, its descriptor for procConnectorOpen; `unavailable` with the
 * kernel's answer (`fanotify_init: Operation not permitted (EPERM)` when not root, ENOSYS/EINVAL on old kernels).
 */
export function openExecWatch(mountinfoPath = '/proc/self/mountinfo'): ExecWatch {
  try {
    const paths = execMountPoints(readFileSync(mountinfoPath, 'utf8'));
    const { fd, marked, failures } = eventsAddon().fanotifyExecOpen(paths);
    return { state: 'fanotify', fd, marked, failures };
  } catch (err) {
    return { state: 'unavailable', reason: `FANOTIFY: ${err instanceof Error ? err.message : String(err)}` };
  }
}
