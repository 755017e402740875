/** `md_personalities` (osquery genMDPersonalities): the RAID personalities the kernel has, from /proc/mdstat. */
import type { Row } from '../../engine/spec.js';
import { readMdstat } from './md_devices.js';
import { parseMdstat } from './mdstat.js';

export function mdPersonalityRows(mdstatText: string): Row[] {
  return parseMdstat(mdstatText).personalities.map((name) => ({ name }));
}

export function genMdPersonalities(): Row[] {
  return mdPersonalityRows(readMdstat());
}
