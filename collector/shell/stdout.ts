/**
 * The shell's standard output, written synchronously to fd 1, as process.stdout writes a pipe or a file on Linux
 * anyway: creating process.stdout builds a stream (for a pipe a net.Socket, loading node:net and its bindings) that
 * a one-shot query would pay for at every start-up. A reader that went away (`| head`, EPIPE) ends the shell with
 * 141, as SIGPIPE ends osqueryi. Should fd 1 be non-blocking (EAGAIN: another process sharing it made it so), the
 * rest goes through process.stdout, which waits for the reader.
 */
import { writeSync } from 'node:fs';

const STDOUT_FD = 1;
const SIGPIPE_EXIT = 141;

let stream: NodeJS.WriteStream | undefined;

export function writeStdout(text: string): void {
  if (text === '') return;
  if (stream !== undefined) {
    stream.write(text);
    return;
  }
  const data = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(STDOUT_FD, data, offset);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(SIGPIPE_EXIT);
      if (code !== 'EAGAIN') throw err;
      stdoutStream().write(data.subarray(offset));
      return;
    }
  }
}

/** process.stdout, ending the shell quietly when its reader goes away (interactive mode's readline writes to it). */
export function stdoutStream(): NodeJS.WriteStream {
  if (stream === undefined) {
    stream = process.stdout;
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(SIGPIPE_EXIT);
      throw err;
    });
  }
  return stream;
}
