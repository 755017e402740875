/**
 * `kernel_info`: the running kernel's release and boot command line (osquery's genKernelInfo): the
 * BOOT_IMAGE= value is the path, root= the device, and the remaining words the arguments.
 */
import type { Row } from '../../engine/spec.js';
import { readTextIfExists } from '../lib/read.js';

export function genKernelInfo(): Row[] {
  const version = (readTextIfExists('/proc/sys/kernel/osrelease') ?? '').trim();
  const cmdline = (readTextIfExists('/proc/cmdline') ?? '').trim();
  return [{ version, ...parseKernelCmdline(cmdline) }];
}

export function parseKernelCmdline(cmdline: string): { path: string; device: string; arguments: string } {
  let path = '';
  let device = '';
  const args: string[] = [];
  for (const word of cmdline.split(/\s+/)) {
    if (word === '') continue;
    if (word.startsWith('BOOT_IMAGE=')) path = word.slice('BOOT_IMAGE='.length);
    else if (word.startsWith('root=')) device = word.slice('root='.length);
    else args.push(word);
  }
  return { path, device, arguments: args.join(' ') };
}
