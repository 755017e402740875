import { col, defineTable } from '../../engine/spec.js';
import { generateOsqueryEvents } from './osquery_schedule.js';

export default defineTable({
  name: 'osquery_events',
  description: 'Information about the event publishers and subscribers.',
  platforms: ['linux', 'darwin', 'windows', 'freebsd'],
  columns: [
    col('name', 'TEXT', 'Event publisher or subscriber name'),
    col('publisher', 'TEXT', 'Name of the associated publisher'),
    col('type', 'TEXT', 'Either publisher or subscriber'),
    col('subscriptions', 'INTEGER', 'Number of subscriptions the publisher received or subscriber used'),
    col('events', 'INTEGER', 'Number of events emitted or received since osquery started'),
    col('refreshes', 'INTEGER', 'Publisher only: number of runloop restarts'),
    col('active', 'INTEGER', '1 if the publisher or subscriber is active else 0'),
  ],
  attributes: { utility: true },
  generate: generateOsqueryEvents,
});
