/**
 * Reads the shell commands a Markdown document shows, with the output it shows after each, for the doc test.
 *
 * A fenced block holds commands when its language is sh, shell, bash or console, or when it has none and every line
 * is a command (starts with `$ ` or a program a reader types: osprey, ospreyi, npm, npx, node). In a block with `$ `
 * prompts, the lines after a command are its output. A trailing `\` continues a line, ` # ...` is a comment, and
 * `a && b` / `a; b` are two commands (the output shown belongs to the last).
 *
 * Markers are HTML comments (invisible on the rendered page) on the lines before a block:
 *   <!-- doc-test: skip (why) -->              no command in the block runs here
 *   <!-- doc-test: skip "TEXT" (why) -->       the commands containing TEXT do not run here
 *   <!-- doc-test: output of "TEXT" -->        the block is the output of the earlier command containing TEXT
 * A marker the test does not understand, or one that matches no command, is an error: nothing is skipped silently.
 */

export interface DocCommand {
  /** Where it is shown: `README.md:42`. */
  readonly where: string;
  readonly text: string;
  /** The output lines the document shows for it (empty: none shown). */
  shown: string[];
  /** Why it does not run here, from a marker. */
  skip?: string;
}

const SHELL_LANGUAGES = new Set(['sh', 'shell', 'bash', 'console']);
const PROGRAMS = /^(\$ |osprey\b|ospreyi\b|npm\b|npx\b|node\b)/;
const MARKER = /^<!--\s*doc-test:\s*(.*?)\s*-->$/;

interface Marker {
  readonly kind: 'skip' | 'output';
  readonly text?: string;
  readonly why: string;
  readonly where: string;
  used: boolean;
}

export function parseMarker(body: string, where: string): Marker {
  const skip = /^skip(?:\s+"([^"]+)")?\s+\((.+)\)$/.exec(body);
  if (skip?.[2]) return { kind: 'skip', why: skip[2], where, used: false, ...(skip[1] ? { text: skip[1] } : {}) };
  const output = /^output of\s+"([^"]+)"$/.exec(body);
  if (output?.[1]) return { kind: 'output', text: output[1], why: '', where, used: false };
  throw new Error(
    `${where}: doc-test marker "${body}" is not one of: skip (why), skip "TEXT" (why), output of "TEXT".`,
  );
}

/** Every command the document shows, in order. */
export function parseDocCommands(markdown: string, file: string): DocCommand[] {
  const lines = markdown.split('\n');
  const commands: DocCommand[] = [];
  const allMarkers: Marker[] = [];
  let markers: Marker[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const marker = MARKER.exec(line);
    if (marker) {
      markers.push(parseMarker(marker[1] ?? '', `${file}:${i + 1}`));
      allMarkers.push(...markers.slice(-1));
      continue;
    }
    const fence = /^```\s*([\w-]*)/.exec(line);
    if (!fence) continue;
    const start = i + 1;
    const body: string[] = [];
    for (i = start; i < lines.length && !(lines[i] ?? '').trim().startsWith('```'); i++) body.push(lines[i] ?? '');
    applyBlock({ file, start, language: fence[1] ?? '', body, markers, commands });
    markers = [];
  }
  const unused = allMarkers.find((m) => !m.used);
  if (unused) throw new Error(`${unused.where}: doc-test marker matches no command in the block after it.`);
  return commands;
}

interface Block {
  readonly file: string;
  /** The block's first line, 0-based index into the document (its line number is start + 1). */
  readonly start: number;
  readonly language: string;
  readonly body: string[];
  readonly markers: Marker[];
  readonly commands: DocCommand[];
}

function applyBlock(block: Block): void {
  const outputOf = block.markers.find((m) => m.kind === 'output');
  if (outputOf) {
    const target = [...block.commands]
      .reverse()
      .find((c) => outputOf.text !== undefined && c.text.includes(outputOf.text));
    if (!target) throw new Error(`${outputOf.where}: no earlier command contains "${outputOf.text ?? ''}".`);
    target.shown = block.body.filter((l) => l.trim() !== '');
    outputOf.used = true;
    return;
  }
  if (!isShellBlock(block.language, block.body)) return;
  const found = readCommands(block);
  for (const marker of block.markers) {
    for (const command of found) {
      if (marker.text === undefined || command.text.includes(marker.text)) {
        command.skip = marker.why;
        marker.used = true;
      }
    }
  }
  block.commands.push(...found);
}

function isShellBlock(language: string, body: string[]): boolean {
  if (SHELL_LANGUAGES.has(language)) return true;
  if (language !== '') return false;
  const logical = joinContinuations(body.map((text, index) => ({ text, index }))).filter((l) => l.text.trim() !== '');
  return (
    logical.length > 0 && (logical.some((l) => l.text.startsWith('$ ')) || logical.every((l) => PROGRAMS.test(l.text)))
  );
}

function readCommands(block: Block): DocCommand[] {
  const logical = joinContinuations(block.body.map((text, index) => ({ text, index })));
  const transcript = logical.some((l) => l.text.startsWith('$ '));
  const found: DocCommand[] = [];
  let last: DocCommand | undefined;
  for (const { text, index } of logical) {
    const where = `${block.file}:${block.start + index + 1}`;
    if (transcript && !text.startsWith('$ ')) {
      if (last && text.trim() !== '') last.shown.push(text);
      continue;
    }
    const source = stripComment(transcript ? text.slice(2) : text).trim();
    if (source === '') continue;
    for (const part of splitCommands(source)) {
      last = { where, text: part, shown: [] };
      found.push(last);
    }
  }
  return found;
}

function joinContinuations(lines: Array<{ text: string; index: number }>): Array<{ text: string; index: number }> {
  const joined: Array<{ text: string; index: number }> = [];
  let pending: { text: string; index: number } | undefined;
  for (const line of lines) {
    const text = pending ? `${pending.text} ${line.text.trim()}` : line.text;
    const index = pending ? pending.index : line.index;
    if (text.endsWith('\\')) pending = { text: text.slice(0, -1).trimEnd(), index };
    else {
      joined.push({ text, index });
      pending = undefined;
    }
  }
  if (pending) joined.push(pending);
  return joined;
}

/** Calls `visit` with each character and whether it is outside quotes. */
function scanUnquoted(text: string, visit: (char: string, at: number) => boolean | void): void {
  let quote = '';
  for (let at = 0; at < text.length; at++) {
    const char = text[at] ?? '';
    if (quote) {
      if (char === quote) quote = '';
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (visit(char, at) === true) return;
  }
}

export function stripComment(text: string): string {
  let end = text.length;
  scanUnquoted(text, (char, at) => {
    if (char === '#' && (at === 0 || /\s/.test(text[at - 1] ?? ''))) {
      end = at;
      return true;
    }
    return false;
  });
  return text.slice(0, end);
}

export function splitCommands(text: string): string[] {
  const parts: string[] = [];
  let from = 0;
  scanUnquoted(text, (char, at) => {
    if (char === ';' || (char === '&' && text[at + 1] === '&')) {
      parts.push(text.slice(from, at));
      from = at + (char === ';' ? 1 : 2);
    }
  });
  parts.push(text.slice(from));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Splits a command into words as sh would for the simple commands the docs show (quotes, backslash escapes). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote = '';
  for (let at = 0; at < text.length; at++) {
    const char = text[at] ?? '';
    if (quote) {
      if (char === quote) quote = '';
      else word = (word ?? '') + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word = word ?? '';
    } else if (char === '\\' && at + 1 < text.length) {
      word = (word ?? '') + (text[++at] ?? '');
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + char;
  }
  if (quote) throw new Error(`Unclosed ${quote} in: ${text}`);
  if (word !== undefined) words.push(word);
  return words;
}
