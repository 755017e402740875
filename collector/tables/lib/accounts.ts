/**
 * Local account databases: /etc/passwd and /etc/group parsed directly (osquery's Linux users/groups tables read
 * these files with fgetpwent/fgetgrent unless include_remote is set), and the user selection that osquery's
 * user-based tables share (usersFromContext: `uid`/`username` constraints, else every local user).
 */
import type { QueryContext } from '../../engine/spec.js';
import { integerEquals } from './proc.js';
import { ParsedFileCache } from './parsed-file-cache.js';
import { splitLines } from './read.js';

export interface PasswdEntry {
  readonly username: string;
  readonly uid: number;
  readonly gid: number;
  readonly description: string;
  readonly directory: string;
  readonly shell: string;
}

export interface GroupEntry {
  readonly groupname: string;
  readonly gid: number;
  readonly members: readonly string[];
}

/** Called for a line that does not parse, so the caller can count it (ctx.errors.skip) and carry on. */
export type MalformedLine = (reason: string) => void;

/** Parses passwd(5) text. Comment, blank and NIS (`+`/`-`) lines are ignored; malformed lines are reported. */
export function parsePasswd(text: string, onMalformed: MalformedLine = () => undefined): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  splitLines(text).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) return;
    const f = line.split(':');
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (f.length < 7 || f[0] === '' || !isId(f[2]) || !isId(f[3])) {
      onMalformed(`malformed passwd line ${i + 1}`);
      return;
    }
    out.push({
      username: f[0] as string,
      uid,
      gid,
      description: f[4] ?? '',
      directory: f[5] ?? '',
      shell: f.slice(6).join(':'),
    });
  });
  return out;
}

/** Parses group(5) text; the member list is comma separated and may be empty. */
export function parseGroups(text: string, onMalformed: MalformedLine = () => undefined): GroupEntry[] {
  const out: GroupEntry[] = [];
  splitLines(text).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) return;
    const f = line.split(':');
    if (f.length < 4 || f[0] === '' || !isId(f[2])) {
      onMalformed(`malformed group line ${i + 1}`);
      return;
    }
    const members = (f[3] ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== '');
    out.push({ groupname: f[0] as string, gid: Number(f[2]), members });
  });
  return out;
}

function isId(text: string | undefined): boolean {
  return text !== undefined && /^\d+$/.test(text);
}

/** Reads `<root>/etc/passwd` (root '' = this host); absent file = no users. */
export function readPasswd(root = '', onMalformed?: MalformedLine): readonly PasswdEntry[] {
  return passwdFiles.read(`${root}/etc/passwd`, onMalformed ?? ignore) ?? [];
}

/** Reads `<root>/etc/group` (root '' = this host); absent file = no groups. */
export function readGroups(root = '', onMalformed?: MalformedLine): readonly GroupEntry[] {
  return groupFiles.read(`${root}/etc/group`, onMalformed ?? ignore) ?? [];
}

/**
 * The last parse of each account file, reused while it is unchanged: the daemon's packs read them several times a
 * tick (suid_bin, users joins), and they change rarely.
 */
const passwdFiles = new ParsedFileCache<readonly PasswdEntry[]>((text, bad) => parsePasswd(text, bad));
const groupFiles = new ParsedFileCache<readonly GroupEntry[]>((text, bad) => parseGroups(text, bad));
const ignore: MalformedLine = () => undefined;

/** The signed 32-bit view of an id (osquery's uid_signed/gid_signed: 4294967295 becomes -1). */
export function signed32(id: number): number {
  return id | 0;
}

/**
 * The users a user-based table (authorized_keys, known_hosts, shell_history…) should read: those whose uid or
 * username is constrained with `=`, else every user in /etc/passwd, as osquery's usersFromContext.
 */
export function usersFromContext(ctx: QueryContext, root = ''): readonly PasswdEntry[] {
  const malformed: MalformedLine = (reason) => ctx.errors.skip(`${reason} of ${root}/etc/passwd`);
  const users = readPasswd(root, malformed);
  const uids = integerEquals(ctx, 'uid');
  if (uids !== null) return users.filter((u) => uids.includes(u.uid));
  const names = ctx.equals('username').map(String);
  if (names.length > 0) return users.filter((u) => names.includes(u.username));
  return users;
}

/**
 * The gids a user belongs to, as getgrouplist(3) reports them: the primary gid first, then every group that
 * lists the user as a member, without duplicates.
 */
export function groupIdsOf(user: PasswdEntry, groups: readonly GroupEntry[]): number[] {
  const out = [user.gid];
  for (const g of groups) {
    if (g.members.includes(user.username) && !out.includes(g.gid)) out.push(g.gid);
  }
  return out;
}
