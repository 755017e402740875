/**
 * osquery's `osquery_extensions` (spec specs/utility/osquery_extensions.table, implementation
 * osquery@genOsqueryExtensions): the core while it serves --extensions_socket, each extension registered over
 * Thrift, and Osprey's in-process plugins as `module`s. The host fills ctx.services.extensions
 * (collector/extensions/host.ts); a bare engine has none and returns no rows.
 */
import { col, defineTable } from '../../engine/spec.js';

export default defineTable({
  name: 'osquery_extensions',
  description: 'List of active osquery extensions.',
  platforms: ['linux', 'darwin', 'windows'],
  attributes: { utility: true },
  columns: [
    col('uuid', 'BIGINT', 'The transient ID assigned for communication'),
    col('name', 'TEXT', "Extension's name"),
    col('version', 'TEXT', "Extension's version", { collate: 'VERSION' }),
    col('sdk_version', 'TEXT', 'osquery SDK version used to build the extension', { collate: 'VERSION' }),
    col('path', 'TEXT', "Path of the extension's Thrift connection or library path"),
    col('type', 'TEXT', 'SDK extension type: core, extension, or module'),
  ],
  generate: (ctx) => ctx.services.extensions?.list() ?? [],
});
