/**
 * Every event publisher Osprey has, keyed by osquery's publisher name (CODING_STANDARDS: explicit registries). The
 * runtime (runtime.ts) starts each one that its flags enable; osquery_events lists them all, running or not.
 */
import { InotifyPublisher } from './inotify.js';
import { ProcConnectorPublisher } from './process.js';
import { AuditEventPublisher } from './socket.js';
import { SyslogPublisher } from './syslog.js';
import { UdevPublisher } from './udev.js';
import type { PublisherFactory } from '../types.js';

export const PUBLISHERS = {
  /** file_events and yara_events, from inotify. */
  inotify: () => new InotifyPublisher(),
  /** process_events (exec, fork, exit), from the netlink proc connector unless audit provides them. */
  proc_connector: () => new ProcConnectorPublisher(),
  /**
   * From audit netlink with --disable_audit=false: socket_events (connect, accept, bind) with --audit_allow_sockets,
   * process_events (execve, execveat; fork, vfork, clone on request) with --audit_allow_process_events (default),
   * user_events (default), selinux_events, apparmor_events and seccomp_events with their --audit_allow_* flags.
   */
  auditeventpublisher: () => new AuditEventPublisher(),
  /** hardware_events, from NETLINK_KOBJECT_UEVENT (udevd's events where it runs, else the kernel's). */
  udev: () => new UdevPublisher(),
  /** syslog_events with --enable_syslog, from rsyslog's CSV lines in the pipe at --syslog_pipe_path. */
  syslog: () => new SyslogPublisher(),
} satisfies Record<string, PublisherFactory>;
