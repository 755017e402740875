/**
 * osqueryi's `process_input`, one line at a time: meta-commands at the start of a fresh line, SQL accumulated
 * across lines until a line with `;` makes it complete, `.types SQL;` the same way, and the counting of errors that
 * sets the exit code and, with `.bail on` on non-interactive input, stops the run. The interactive prompt and the
 * stdin reader both feed it, so both behave alike.
 */
import { runMeta } from './meta.js';
import type { ShellSession } from './session.js';
import { allWhitespace } from './sql-text.js';

const TYPES_PREFIX = '.types ';

export class InputProcessor {
  #sql = '';
  #startLine = 0;
  #lineNumber = 0;
  #typesQuery = false;
  #errors = 0;
  #exitCode: number | undefined;
  #finished = false;

  constructor(private readonly session: ShellSession) {}

  /** SQL is pending: the prompt is the continuation one. */
  get continuing(): boolean {
    return this.#sql !== '';
  }

  /** Whether to read more lines (false after `.quit`, `.exit`, or an error under `.bail on` off a terminal). */
  get wantsMore(): boolean {
    if (this.#finished) return false;
    return this.#errors === 0 || !this.session.settings.bail || this.session.interactive;
  }

  /** osqueryi's result: `.exit N`'s code, else 1 when any statement or meta-command failed. */
  get exitCode(): number {
    return this.#exitCode ?? (this.#errors > 0 ? 1 : 0);
  }

  feedLine(line: string): void {
    if (!this.wantsMore) return;
    this.#lineNumber++;
    const echo = this.session.settings.echo;
    if (this.#sql === '' && allWhitespace(line)) {
      if (echo) this.session.output.out(`${line}\n`);
      return;
    }
    if (this.#sql === '' && line.startsWith('.')) {
      if (echo) this.session.output.out(`${line}\n`);
      if (!line.startsWith(TYPES_PREFIX)) {
        this.#meta(line);
        return;
      }
      this.#typesQuery = true;
    }
    const previous = this.#sql.length;
    if (this.#sql === '') {
      const skip = this.#typesQuery ? TYPES_PREFIX.length : 0;
      this.#sql = line.slice(skip).trimStart();
      this.#startLine = this.#lineNumber;
    } else {
      this.#sql += `\n${line}`;
    }
    if (this.#sql.slice(previous).includes(';') && this.#complete()) {
      this.#runPending();
    } else if (allWhitespace(this.#sql)) {
      if (echo) this.session.output.out(`${this.#sql}\n`);
      this.#sql = '';
    }
  }

  /** End of input: osquery runs SQL still waiting for its `;`. */
  finish(): void {
    if (this.wantsMore && this.#sql !== '' && !allWhitespace(this.#sql)) this.#runPending();
    this.#sql = '';
    this.#finished = true;
  }

  #complete(): boolean {
    return allWhitespace(this.session.split(this.#sql).rest);
  }

  #runPending(): void {
    const sql = this.#sql;
    this.#sql = '';
    if (this.#typesQuery) {
      this.#typesQuery = false;
      this.session.showTypes(sql);
      return;
    }
    if (!this.session.runInputChunk(sql, this.#startLine)) this.#errors++;
  }

  #meta(line: string): void {
    const outcome = runMeta(this.session, line);
    if (outcome.rc === 2) {
      this.#finished = true;
      this.#exitCode = outcome.exitCode;
    } else if (outcome.rc !== 0) {
      this.#errors++;
    }
  }
}
