/**
 * Rows of the audit event tables whose events are one record each (osquery's AuditEventPublisher::ProcessEvents
 * takes these records on their own, before any SYSCALL grouping): user_events from user-space messages
 * (AUDIT_FIRST_USER_MSG..AUDIT_LAST_USER_MSG, 1100-1199), selinux_events and apparmor_events from the LSM record
 * types (AppArmor's are AVC records with an `apparmor=` field), seccomp_events from AUDIT_SECCOMP records.
 */
import type { Row } from '../../engine/spec.js';
import { auditString, type AuditRecord } from '../kernel/audit-records.js';
import { AUDIT_ARCH_NAMES, SECCOMP_ACTIONS, X86_64_SYSCALLS } from './seccomp-names.js';

export type RecordTable = 'user_events' | 'selinux_events' | 'apparmor_events' | 'seccomp_events';

const FIRST_USER_MSG = 1100;
const LAST_USER_MSG = 1199;
const AUDIT_SECCOMP = 1326;
const AUDIT_ARCH_X86_64 = 0xc000003e;
/** SECCOMP_RET_ACTION_FULL: the action bits; the low 16 bits carry data (an errno for ERRNO). */
const SECCOMP_ACTION_BITS = 0xffff0000;

/** osquery's kSELinuxRecordLabels (USER_AVC, 1107, is a user message first, so it lands in user_events). */
export const SELINUX_LABELS: ReadonlyMap<number, string> = new Map([
  [1107, 'USER_AVC'],
  [1400, 'AVC'],
  [1401, 'SELINUX_ERR'],
  [1402, 'AVC_PATH'],
  [1403, 'MAC_POLICY_LOAD'],
  [1404, 'MAC_STATUS'],
  [1405, 'MAC_CONFIG_CHANGE'],
  [1406, 'MAC_UNLBL_ALLOW'],
  [1407, 'MAC_CIPSOV4_ADD'],
  [1408, 'MAC_CIPSOV4_DEL'],
  [1409, 'MAC_MAP_ADD'],
  [1410, 'MAC_MAP_DEL'],
  [1411, 'MAC_IPSEC_ADDSA'],
  [1412, 'MAC_IPSEC_DELSA'],
  [1413, 'MAC_IPSEC_ADDSPD'],
  [1414, 'MAC_IPSEC_DELSPD'],
  [1415, 'MAC_IPSEC_EVENT'],
  [1416, 'MAC_UNLBL_STCADD'],
  [1417, 'MAC_UNLBL_STCDEL'],
]);

/** The table a record belongs to on its own, or undefined for records of multi-record (SYSCALL) events. */
export function recordTable(record: AuditRecord): RecordTable | undefined {
  if (record.type >= FIRST_USER_MSG && record.type <= LAST_USER_MSG) return 'user_events';
  if (SELINUX_LABELS.has(record.type)) return record.fields.has('apparmor') ? 'apparmor_events' : 'selinux_events';
  if (record.type === AUDIT_SECCOMP) return 'seccomp_events';
  return undefined;
}

/** The row of a single-record event for its table (null for an AppArmor record without an apparmor value). */
export function recordRow(table: RecordTable, record: AuditRecord, bootTime: number): Row | null {
  const common = timeColumns(record, bootTime);
  switch (table) {
    case 'user_events':
      return { ...userColumns(record), ...common };
    case 'selinux_events':
      return { type: SELINUX_LABELS.get(record.type) ?? String(record.type), message: record.text, ...common };
    case 'apparmor_events':
      return apparmorRow(record, common);
    case 'seccomp_events':
      return { ...seccompColumns(record), ...common };
  }
}

function timeColumns(record: AuditRecord, bootTime: number): Row {
  return {
    time: Math.floor(record.time),
    uptime: bootTime > 0 ? Math.max(0, Math.floor(record.time - bootTime)) : null,
  };
}

/** A decimal field as a number; null when absent or not a number. */
function decimal(record: AuditRecord, key: string): number | null {
  const raw = record.fields.get(key);
  return raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : null;
}

/** osquery's StripQuotes: a value in double quotes without them, anything else as it is. */
function stripQuotes(raw: string | undefined): string {
  if (raw === undefined) return '';
  return raw.length >= 3 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
}

/**
 * user_events as osquery builds it. The kernel wraps the sender's text as `msg='...'` and osquery's tokenizer
 * splits at spaces (only double quotes enclose), so `message` is the first word of the text without its quote
 * (`msg='op=PAM:session_open acct=...'` gives `op=PAM:session_open`); exe, addr and terminal come from inside it.
 */
function userColumns(record: AuditRecord): Row {
  const msg = record.fields.get('msg') ?? '';
  return {
    uid: decimal(record, 'uid'),
    auid: decimal(record, 'auid'),
    pid: decimal(record, 'pid'),
    message: msg.length > 1 ? msg.slice(1) : '',
    type: record.type,
    path: auditString(record.fields.get('exe')),
    address: record.fields.get('addr') ?? '',
    terminal: record.fields.get('terminal') ?? '',
  };
}

const APPARMOR_TEXT = ['apparmor', 'operation', 'profile', 'name', 'comm', 'denied_mask', 'capname', 'requested_mask'];
const APPARMOR_MORE_TEXT = ['info', 'error', 'namespace', 'label'];
const APPARMOR_NUMBERS = ['parent', 'pid', 'capability', 'fsuid', 'ouid'];

/** apparmor_events: osquery's AppArmorAuditEventData fields (text unquoted, numbers 0 when absent), type `AA`. */
function apparmorRow(record: AuditRecord, common: Row): Row | null {
  const row: Row = { type: 'AA', message: record.text, ...common };
  for (const key of [...APPARMOR_TEXT, ...APPARMOR_MORE_TEXT]) row[key] = stripQuotes(record.fields.get(key));
  for (const key of APPARMOR_NUMBERS) row[key] = decimal(record, key) ?? 0;
  return row.apparmor === '' ? null : row;
}

function hexNumber(record: AuditRecord, key: string): number | null {
  const raw = record.fields.get(key);
  return raw !== undefined && /^(?:0x)?[0-9a-f]+$/i.test(raw) ? parseInt(raw, 16) : null;
}

/**
 * seccomp_events as osquery's SeccompEventSubscriber: arch and code by name (`<n>(unknown)` otherwise), the
 * syscall by name on x86_64 and as a number elsewhere, ip as the record prints it. Two deliberate differences:
 * comm and exe lose their quotes (osquery keeps them), and code is named by its action bits, so ERRNO with an errno
 * in the data bits reads `ERRNO` (osquery compares the whole value and prints e.g. `327681(unknown)`).
 */
function seccompColumns(record: AuditRecord): Row {
  const arch = hexNumber(record, 'arch') ?? 0;
  const syscall = decimal(record, 'syscall') ?? 0;
  const code = hexNumber(record, 'code') ?? 0;
  const action = (code & SECCOMP_ACTION_BITS) >>> 0;
  return {
    auid: decimal(record, 'auid') ?? 0,
    uid: decimal(record, 'uid') ?? 0,
    gid: decimal(record, 'gid') ?? 0,
    ses: decimal(record, 'ses') ?? 0,
    pid: decimal(record, 'pid') ?? 0,
    comm: auditString(record.fields.get('comm')),
    exe: auditString(record.fields.get('exe')),
    sig: decimal(record, 'sig') ?? 0,
    arch: AUDIT_ARCH_NAMES.get(arch) ?? `${arch}(unknown)`,
    syscall: arch === AUDIT_ARCH_X86_64 ? (X86_64_SYSCALLS[syscall] ?? `${syscall}(unknown)`) : String(syscall),
    compat: decimal(record, 'compat') ?? 0,
    ip: record.fields.get('ip') ?? '',
    code: SECCOMP_ACTIONS.get(action) ?? `${code}(unknown)`,
  };
}
