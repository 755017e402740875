/**
 * A boolean flag as a publisher reads it. The shell's and the daemon's flag sets differ (an Osprey-only flag such as
 * process_events_exit is unknown to the shell), so an unset flag takes the publisher's `fallback`: osquery's default.
 */
import { parseBool } from '../../flags/flags.js';
import type { PublisherContext } from '../types.js';

export function flagOn(ctx: PublisherContext, name: string, fallback = false): boolean {
  const value = ctx.flag(name);
  return value === undefined ? fallback : parseBool(value);
}
