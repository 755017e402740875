/** Statements from a pipe or file on stdin: line by line as they arrive, as osqueryi's `process_input(stdin)`. */
import { createInterface } from 'node:readline';
import { InputProcessor } from './input.js';
import type { ShellSession } from './session.js';

export async function runPiped(session: ShellSession, input: NodeJS.ReadableStream): Promise<number> {
  const processor = new InputProcessor(session);
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) {
    processor.feedLine(line);
    if (!processor.wantsMore) break;
  }
  lines.close();
  processor.finish();
  return processor.exitCode;
}
