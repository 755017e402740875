/**
 * ECS mappings of the socket tables. The local end of a socket is `source` and the remote end `destination`
 * (docs/contract.md, "ECS mapping rules"), except for listening_ports, where the local address is the one clients connect to, so it is
 * `destination` (Elastic's saved queries put it under server.*, which maps to the destination of inbound flows).
 */
import type { EndpointInput } from '../../schemas/generated/shared.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import { isUnsetAddress, lifecycle, transportOf, type TableMapping } from './mapping.js';
import { basename, int, str, type Row } from './row.js';

function endpoint(row: Row, addressColumn: string, portColumn: string): EndpointInput | null {
  const address = str(row, addressColumn);
  const port = int(row, portColumn, 1);
  if (isUnsetAddress(address) && port === null) return null;
  const ip = isUnsetAddress(address) ? null : address;
  return { ip, port, address: ip };
}

function mapSocket(row: Row, doc: EnrichedEventInput): void {
  const source = endpoint(row, 'local_address', 'local_port');
  const destination = endpoint(row, 'remote_address', 'remote_port');
  if (source) doc.source = source;
  if (destination) doc.destination = destination;
  const protocol = str(row, 'protocol');
  const transport = transportOf(row.protocol);
  if (protocol !== null && protocol !== '0') doc.network = { transport, iana_number: protocol };
  const pid = int(row, 'pid', 1);
  if (pid !== null) doc.process = { pid };
}

export const processOpenSockets: TableMapping = {
  table: 'process_open_sockets',
  category: ['network'],
  signature: [
    'pid',
    'fd',
    'socket',
    'family',
    'protocol',
    'local_address',
    'remote_address',
    'local_port',
    'remote_port',
    'state',
  ],
  types: lifecycle('start', 'end', ['connection']),
  map(row, doc) {
    mapSocket(row, doc);
    // For unix sockets `path` is the socket file, not the program.
    const path = str(row, 'path');
    if (path !== null && row.family === '1') doc.file = { path, name: basename(path) };
  },
};

const SOCKET_EVENT_TYPES: Readonly<Record<string, string[]>> = {
  connect: ['connection', 'start'],
  accept: ['connection', 'start'],
  bind: ['start'],
};

export const socketEvents: TableMapping = {
  table: 'socket_events',
  category: ['network'],
  evented: true,
  signature: ['action', 'pid', 'path', 'fd', 'family', 'protocol', 'local_address', 'remote_address', 'success'],
  types: (_action, row) => {
    const types = SOCKET_EVENT_TYPES[row.action ?? ''] ?? ['info'];
    return row.success === '0' ? [...types.filter((t) => t !== 'start'), 'denied'] : [...types];
  },
  action: (_action, row) => str(row, 'action'),
  map(row, doc) {
    mapSocket(row, doc);
    // socket_events.path is the program that made the call.
    const path = str(row, 'path');
    if (path !== null) doc.process = { ...doc.process, executable: path, name: basename(path) };
  },
};

export const listeningPorts: TableMapping = {
  table: 'listening_ports',
  category: ['network'],
  signature: ['pid', 'port', 'protocol', 'family', 'address', 'fd', 'socket'],
  types: lifecycle('start', 'end'),
  map(row, doc) {
    const address = str(row, 'address');
    const port = int(row, 'port', 1);
    const ip = isUnsetAddress(address) || row.family === '1' ? null : address;
    doc.destination = { ip: ip ?? null, port, address: address ?? null };
    const protocol = str(row, 'protocol');
    if (protocol !== null && protocol !== '0')
      doc.network = { transport: transportOf(row.protocol), iana_number: protocol };
    const pid = int(row, 'pid', 1);
    if (pid !== null) doc.process = { pid };
    const path = str(row, 'path');
    if (path !== null) doc.file = { path, name: basename(path) };
  },
};
