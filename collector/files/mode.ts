/** File modes as osquery prints them (the file table, file_events). */

/** Permission bits as osquery prints them: four octal digits, e.g. `0644`. */
export function modeString(mode: bigint): string {
  return (mode & 0o7777n).toString(8).padStart(4, '0');
}
