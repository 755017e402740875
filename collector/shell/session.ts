/**
 * One osqueryi session: its settings (mode, headers, separator…), the engine it queries and where its output goes.
 * Runs SQL chunks the way osqueryi's `shell_exec` does (every statement of the chunk in turn, stopping at the first
 * error) and renders each result in the current mode. Meta-commands live in meta.ts; line input in input.ts.
 */
import type { SqlValue } from '../engine/spec.js';
import {
  addToPrettyBuffer,
  isRealType,
  newPrettyBuffer,
  renderPrettyBuffer,
  renderResult,
  toTextResult,
  type RenderSettings,
  type TextResult,
} from './render.js';
import { isEmptyStatement, sqliteCodeOf } from './sql-text.js';

/** What the shell needs from collector/engine/engine.ts (the Engine class satisfies it). */
export interface ShellEngine {
  query(sql: string): { columns: string[]; rows: SqlValue[][] };
  /** The Engine's: query() plus which columns held REALs; hosts without it print integral REALs as integers. */
  queryTyped?(sql: string): { columns: string[]; rows: SqlValue[][]; reals: boolean[] };
  queryColumns(sql: string): Array<{ name: string; type: string }>;
  tables(): ReadonlyArray<{ readonly name: string; readonly columns: ReadonlyArray<{ readonly name: string }> }>;
  schema(prefix?: string): string[];
  readonly sqliteVersion: string;
  readonly services: { readonly version: string };
}

export type SplitStatements = (sql: string) => { statements: string[]; rest: string };

/** The flags the shell reads (collector/flags/flags.ts `Flags` satisfies it). */
export interface ShellFlags {
  get(name: string): string | undefined;
  list(): Array<{ name: string; type: string; default_value: string; value: string }>;
}

export interface ShellOutput {
  out(text: string): void;
  err(text: string): void;
}

export interface ShellSettings extends RenderSettings {
  echo: boolean;
  bail: boolean;
  timer: boolean;
}

export interface SqlOutcome {
  /** 0, or the SQLite result code of the statement that failed. */
  rc: number;
  /** The failing statement's message (osquery-style), when rc is not 0. */
  error?: string;
}

export interface SessionOptions {
  engine: ShellEngine;
  /** The engine module's `splitStatements`. */
  split: SplitStatements;
  flags: ShellFlags;
  output: ShellOutput;
  settings: ShellSettings;
  /** stdin is a terminal: bold text, `Error:` without a line number, `.bail` ignored. */
  interactive: boolean;
}

export class ShellSession {
  readonly engine: ShellEngine;
  readonly split: SplitStatements;
  readonly flags: ShellFlags;
  readonly output: ShellOutput;
  readonly settings: ShellSettings;
  readonly interactive: boolean;

  constructor(options: SessionOptions) {
    this.engine = options.engine;
    this.split = options.split;
    this.flags = options.flags;
    this.output = options.output;
    this.settings = options.settings;
    this.interactive = options.interactive;
  }

  /**
   * Runs every statement of a chunk (text the user completed with `;`, a positional query). Results print as
   * each statement finishes; the first error stops the chunk and is returned for the caller to report.
   */
  runSql(sql: string, settings: ShellSettings = this.settings): SqlOutcome {
    const { statements, rest } = this.split(sql);
    const all = isEmptyStatement(rest) ? statements : [...statements, rest];
    // Pretty and json output cover the whole chunk, printed once at its end, even after an error (osqueryi).
    const pretty = settings.mode === 'pretty' ? newPrettyBuffer() : undefined;
    let outcome: SqlOutcome = { rc: 0 };
    for (const statement of all) {
      if (isEmptyStatement(statement)) continue;
      if (settings.echo) this.output.out(`${statement.trim()}\n`);
      let result: TextResult;
      try {
        const { columns, rows, reals } = this.engine.queryTyped?.(statement) ?? {
          ...this.engine.query(statement),
          reals: [],
        };
        const declared = this.#realColumns(statement, rows.length);
        result = toTextResult(
          columns,
          rows,
          columns.map((_, i) => declared[i] === true || reals?.[i] === true),
        );
      } catch (err) {
        outcome = { rc: sqliteCodeOf(err), error: err instanceof Error ? err.message : String(err) };
        break;
      }
      if (pretty) addToPrettyBuffer(pretty, result, settings.nullvalueFlag);
      else this.output.out(renderResult(result, settings));
    }
    if (pretty) this.output.out(renderPrettyBuffer(pretty, settings));
    return outcome;
  }

  /** Which result columns are declared REAL (DOUBLE table columns); unknown for expressions. */
  #realColumns(statement: string, rowCount: number): boolean[] {
    if (rowCount === 0) return [];
    try {
      return this.engine.queryColumns(statement).map((c) => isRealType(c.type));
    } catch {
      return [];
    }
  }

  /** A chunk from stdin or the prompt, timed when `.timer on`; errors go to stderr with osqueryi's prefix. */
  runInputChunk(sql: string, startLine: number): boolean {
    const started = this.settings.timer ? startTimer() : undefined;
    const outcome = this.runSql(sql);
    if (started) this.output.out(stopTimer(started));
    if (outcome.rc === 0) return true;
    const prefix = this.interactive ? 'Error:' : `Error: near line ${startLine}:`;
    this.output.err(`${prefix} ${outcome.error ?? ''}\n`);
    return false;
  }

  /** A positional query or `--query` (osqueryi `runQuery`): `Error: <msg>` and the SQLite result code. */
  runQuery(sql: string): number {
    const outcome = this.runSql(sql);
    if (outcome.rc !== 0) this.output.err(`Error: ${outcome.error ?? ''}\n`);
    return outcome.rc;
  }

  /** `.types SQL;`: the result columns of a query (name, type), rendered in the current mode. */
  showTypes(sql: string): void {
    const statement = this.split(sql).statements[0] ?? sql;
    try {
      const columns = this.engine.queryColumns(statement);
      const rows = columns.map((c) => [c.name, c.type]);
      this.output.out(renderResult(toTextResult(['name', 'type'], rows), this.settings));
    } catch (err) {
      this.output.out(`Error 1: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }

  /** Text wrapped in bold when on a terminal (osqueryi `print_bold`). */
  bold(text: string): string {
    return this.interactive ? `\x1b[1m${text}\x1b[0m` : text;
  }
}

interface TimerStart {
  wall: bigint;
  cpu: NodeJS.CpuUsage;
}

function startTimer(): TimerStart {
  return { wall: process.hrtime.bigint(), cpu: process.cpuUsage() };
}

/** sqlite's timer line: `Run Time: real %.3f user %f sys %f`. */
function stopTimer(start: TimerStart): string {
  const real = Number(process.hrtime.bigint() - start.wall) / 1e9;
  const cpu = process.cpuUsage(start.cpu);
  return `Run Time: real ${real.toFixed(3)} user ${(cpu.user / 1e6).toFixed(6)} sys ${(cpu.system / 1e6).toFixed(6)}\n`;
}

/** The session settings osqueryi starts with, before flags. */
export function defaultSettings(): ShellSettings {
  return {
    mode: 'pretty',
    header: true,
    separator: '|',
    nullvalue: '',
    nullvalueFlag: '',
    json: false,
    jsonPretty: false,
    widths: [],
    echo: false,
    bail: false,
    timer: false,
  };
}
