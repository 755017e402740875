/**
 * Every event publisher Osprey has, keyed by osquery's publisher name (CODING_STANDARDS: explicit registries). The
 * runtime (runtime.ts) starts each one that its flags enable; osquery_events lists them all, running or not.
 */
import { InotifyPublisher } from './inotify.js';
import { ProcConnectorPublisher } from './process.js';
import { AuditEventPublisher } from './socket.js';
import type { PublisherFactory } from '../types.js';

export const PUBLISHERS = {
  /** file_events and yara_events, from inotify. */
  inotify: () => new InotifyPublisher(),
  /** process_events (exec, fork, exit), from the netlink proc connector unless audit provides them. */
  proc_connector: () => new ProcConnectorPublisher(),
  /**
   * From audit netlink with --disable_audit=false: socket_events (connect, accept, bind) with --audit_allow_sockets,
   * process_events (execve, execveat; fork, vfork, clone on request) with --audit_allow_process_events (default).
   */
  auditeventpublisher: () => new AuditEventPublisher(),
} satisfies Record<string, PublisherFactory>;
