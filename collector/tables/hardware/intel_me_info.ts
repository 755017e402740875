/**
 * `intel_me_info` (osquery getIntelMEInfo): the Intel ME firmware version, which osquery asks the MEI driver for
 * (/dev/mei0: IOCTL_MEI_CONNECT_CLIENT to the MKHI client, then a GET_FW_VERSION request). Node cannot issue that
 * ioctl, so the version is not read: a host without /dev/mei0 (every VM, AMD hosts) has no row, as in osquery, and
 * a host with it also has none here rather than a made-up value.
 */
import type { Row } from '../../engine/spec.js';

export function genIntelMeInfo(): Row[] {
  return [];
}
