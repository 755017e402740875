/**
 * /proc/mdstat parser, a port of osquery's MD::parseMDStat (md_tables.cpp): personalities, one record per array
 * with its member drives (`name[desc_nr]`), the config line (size in blocks, the `[n/m] [UU_]` health fields and
 * the words between them), and the recovery / resync / reshape / check / bitmap lines that follow.
 */

export interface MdAction {
  progress: string;
  finish: string;
  speed: string;
}

export interface MdArray {
  name: string;
  status: string;
  raidLevel: string;
  /** Member names with their descriptor number (`sda1[2]` → 2; -1 when absent). */
  drives: Array<{ name: string; pos: number }>;
  usableSize: number;
  healthyDrives: string;
  driveStatuses: string;
  other: string;
  recovery: MdAction;
  resync: MdAction;
  reshape: MdAction;
  checkArray: MdAction;
  bitmap: { onMem: string; chunkSize: string; externalFile: string };
}

export interface MdStat {
  personalities: string[];
  arrays: MdArray[];
  unused: string;
}

const noAction = (): MdAction => ({ progress: '', finish: '', speed: '' });

/** "79.9% (4773300/5971456) finish=0.1min speed=153977K/sec" */
function parseAction(line: string): MdAction {
  const pieces = line.split(' ').filter((p) => p !== '');
  if (pieces.length !== 4) return noAction();
  const [percent, counts, finish, speed] = pieces as [string, string, string, string];
  return {
    progress: `${percent} ${counts}`,
    finish: finish.replace(/^finish=/, ''),
    speed: speed.replace(/^speed=/, ''),
  };
}

function parseBitmap(line: string): MdArray['bitmap'] {
  const parts = line.split(',').map((p) => p.trim());
  if (parts.length < 2) return { onMem: '', chunkSize: '', externalFile: '' };
  const file = parts[2]?.indexOf('file:') ?? -1;
  return {
    onMem: parts[0] as string,
    chunkSize: parts[1] as string,
    externalFile: file >= 0 ? (parts[2] as string).slice(file + 'file:'.length).trim() : '',
  };
}

function parseDrive(word: string): { name: string; pos: number } {
  const m = /\[(\d+)\]/.exec(word);
  return { name: word, pos: m === null ? -1 : Number(m[1]) };
}

/** The status lines that may follow an array's config line, in the order osquery tries them. */
const STATUS_LINES: Array<[string, (a: MdArray, rest: string) => void]> = [
  ['recovery =', (a, rest) => (a.recovery = parseAction(rest))],
  ['resync =', (a, rest) => (a.resync = parseAction(rest))],
  ['resync=', (a, rest) => (a.resync.progress = rest)], // "resync=DELAYED" / "resync=PENDING"
  ['reshape =', (a, rest) => (a.reshape = parseAction(rest))],
  ['check =', (a, rest) => (a.checkArray = parseAction(rest))],
  ['bitmap:', (a, rest) => (a.bitmap = parseBitmap(rest))],
];

function parseConfig(array: MdArray, line: string): void {
  const words = line.split(/\s+/).filter((w) => w !== '');
  if (words.length < 4) return;
  if (words[1] === 'blocks') {
    const size = Number.parseInt(words[0] as string, 10);
    if (Number.isFinite(size)) array.usableSize = size;
  }
  array.healthyDrives = words[words.length - 2] as string;
  array.driveStatuses = words[words.length - 1] as string;
  array.other = words.slice(2, -2).join(' ');
}

export function parseMdstat(text: string): MdStat {
  const lines = text.split('\n').map((l) => l.trim());
  const result: MdStat = { personalities: [], arrays: [], unused: '' };
  let n = 0;
  if (lines[0]?.includes('Personalities :')) {
    const rest = (lines[0] as string).slice(lines[0].indexOf('Personalities :') + 'Personalities :'.length);
    result.personalities = rest
      .split(' ')
      .filter((p) => p.length > 2)
      .map((p) => p.slice(1, -1));
    n = 1;
  }
  while (n < lines.length) {
    const line = lines[n] as string;
    if (line.startsWith('md') && line.includes(':')) {
      const colon = line.indexOf(':');
      const settings = line
        .slice(colon + 1)
        .split(' ')
        .filter((s) => s !== '');
      const array: MdArray = {
        name: line.slice(0, colon).trim(),
        status: settings[0] ?? '',
        raidLevel: settings[1] ?? '',
        drives: settings.length >= 2 ? settings.slice(2).map(parseDrive) : [],
        usableSize: 0,
        healthyDrives: '',
        driveStatuses: '',
        other: '',
        recovery: noAction(),
        resync: noAction(),
        reshape: noAction(),
        checkArray: noAction(),
        bitmap: { onMem: '', chunkSize: '', externalFile: '' },
      };
      parseConfig(array, lines[n + 1] ?? '');
      n += 2;
      for (;;) {
        const next = lines[n] ?? '';
        const handler = STATUS_LINES.find(
          ([term]) => next.includes(term) && next.length > next.indexOf(term) + term.length,
        );
        if (handler === undefined) break;
        handler[1](array, next.slice(next.indexOf(handler[0]) + handler[0].length).trim());
        n += 1;
      }
      result.arrays.push(array);
      continue;
    }
    if (line.startsWith('un') && line.length > 'unused devices:'.length + 1) {
      result.unused = line.slice('unused devices:'.length).trim();
    }
    n += 1;
  }
  return result;
}
