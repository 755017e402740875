/**
 * osqueryi prints its LOG(WARNING) lines on stderr in glog's format (`W<MMDD> <hh:mm:ss.uuuuuu> <tid> <file>:<line>]
 * <message>`); scripts match the message, so the wording is osquery's and the prefix only has glog's shape.
 */
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function glogWarning(message: string, source = 'virtual_table.cpp:0', now = new Date()): string {
  const stamp =
    `${pad(now.getMonth() + 1)}${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:` +
    `${pad(now.getSeconds())}.${pad(now.getMilliseconds() * 1000, 6)}`;
  return `W${stamp} ${process.pid} ${source}] ${message}\n`;
}
