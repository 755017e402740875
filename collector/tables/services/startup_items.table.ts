import { col, defineTable } from '../../engine/spec.js';
import { genStartupItems } from './startup_items.js';

export default defineTable({
  name: 'startup_items',
  description: 'Applications and binaries set as startup items.',
  platforms: ['linux', 'darwin', 'windows'],
  columns: [
    col('name', 'TEXT', 'Name of startup item'),
    col('path', 'TEXT', 'Path of startup item'),
    col('args', 'TEXT', 'Arguments provided to startup executable'),
    col(
      'type',
      'TEXT',
      'Type of startup item. On macOS this can be app, agent (LaunchAgent), daemon (LaunchDaemon), login item, or user item.',
    ),
    col('source', 'TEXT', 'Directory containing startup item (on macOS, the subsystem providing it)'),
    col(
      'status',
      'TEXT',
      'Startup status. On Linux: enabled or disabled. On macOS: Combination of enabled, allowed, notified, and hidden. Apple does not seem to document these status values, but allowed seems to indicate whether it is enabled in System Settings.',
    ),
    col('username', 'TEXT', 'The user associated with the startup item'),
  ],
  attributes: { cacheable: true },
  generate: genStartupItems,
});
