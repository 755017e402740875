/**
 * Flags the daemon adds to osquery's (collector/flags/osquery-flags.json): gflags' own --flagfile, and Osprey's
 * extensions, each marked OSPREY_FLAG so osquery_flags shows where it comes from.
 */
import { Flags, type FlagDefinition } from '../flags/flags.js';
import { KAFKA_LOGGER_FLAGS } from '../loggers/kafka/flags.js';

export const DAEMON_FLAGS: readonly FlagDefinition[] = [
  {
    name: 'osprey_tick_ms',
    type: 'uint64',
    default: '1000',
    kind: 'OSPREY_FLAG',
    description: 'Length of one scheduler tick in milliseconds (1000 = osquery; smaller only for tests)',
  },
  {
    name: 'logger_syslog_socket',
    type: 'string',
    default: '/dev/log',
    kind: 'OSPREY_FLAG',
    description: 'Unix datagram socket the syslog logger writes to',
  },
  {
    name: 'logger_queue_max',
    type: 'uint64',
    default: '1000000',
    kind: 'OSPREY_FLAG',
    description: 'Most log records kept queued for a logger plugin that is down (oldest dropped beyond)',
  },
  {
    name: 'watchdog_query_wall_limit',
    type: 'uint64',
    default: '0',
    kind: 'OSPREY_FLAG',
    description:
      'Seconds one scheduled query may run before the watchdog stops it (0 = level default: 300, -1 level: none)',
  },
  {
    name: 'process_events_exit',
    type: 'bool',
    default: 'false',
    kind: 'OSPREY_FLAG',
    description: 'Also record process exits in process_events (syscall exit), from the proc connector',
  },
  {
    name: 'metrics_listen',
    type: 'string',
    default: '127.0.0.1:9420',
    kind: 'OSPREY_FLAG',
    description: 'host:port where the worker serves /metrics, /healthz and /readyz (empty: no endpoint)',
  },
];

export function daemonFlags(): Flags {
  return new Flags([...DAEMON_FLAGS, ...KAFKA_LOGGER_FLAGS]);
}

/**
 * Parses a command line the way gflags does for osqueryd: --flagfile is read first, then the command line is
 * applied again so it wins over the file.
 */
export function parseDaemonArgs(flags: Flags, argv: readonly string[]): string[] {
  const { positionals } = flags.parse(argv);
  const flagfile = flags.get('flagfile') ?? '';
  if (flagfile !== '') {
    flags.loadFlagfile(flagfile);
    flags.parse(argv);
  }
  return positionals;
}
