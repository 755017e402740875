/**
 * The `"cron"` schedule extension: standard 5-field (minute hour day month weekday) or 6-field (second first)
 * expressions, evaluated in UTC against the scheduler's tick clock, so a cron query fires on the same tick
 * arithmetic as interval queries and is testable without waiting for wall time. Supports `*`, lists, ranges, steps,
 * month and weekday names, 7 as Sunday, and cron's rule that when both day fields are restricted either may match.
 */
import { OspreyError } from '../../common/errors.js';

export interface CronSchedule {
  readonly source: string;
  /** Whether the expression fires at this UNIX second. */
  matches(unixSeconds: number): boolean;
}

interface Field {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const SECOND: Field = { min: 0, max: 59 };
const MINUTE: Field = { min: 0, max: 59 };
const HOUR: Field = { min: 0, max: 23 };
const DAY: Field = { min: 1, max: 31 };
const MONTH: Field = {
  min: 1,
  max: 12,
  names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
};
const WEEKDAY: Field = { min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] };

export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    throw bad(expression, `expected 5 or 6 fields, got ${parts.length}`);
  }
  const fields = parts.length === 6 ? parts : ['0', ...parts];
  const [sec, min, hour, day, month, weekday] = fields.map((text, i) =>
    parseField(text, [SECOND, MINUTE, HOUR, DAY, MONTH, WEEKDAY][i] as Field, expression),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (weekday.has(7)) weekday.add(0);
  const dayRestricted = fields[3] !== '*';
  const weekdayRestricted = fields[5] !== '*';
  return {
    source: expression,
    matches(unixSeconds: number): boolean {
      const d = new Date(unixSeconds * 1000);
      if (!sec.has(d.getUTCSeconds()) || !min.has(d.getUTCMinutes()) || !hour.has(d.getUTCHours())) return false;
      if (!month.has(d.getUTCMonth() + 1)) return false;
      const dayOk = day.has(d.getUTCDate());
      const weekdayOk = weekday.has(d.getUTCDay());
      if (dayRestricted && weekdayRestricted) return dayOk || weekdayOk;
      return dayOk && weekdayOk;
    },
  };
}

function parseField(text: string, field: Field, expression: string): Set<number> {
  const values = new Set<number>();
  for (const item of text.toLowerCase().split(',')) {
    const [rangeText = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw bad(expression, `bad step in "${item}"`);
    let [low, high] = [field.min, field.max];
    if (rangeText !== '*') {
      const [a = '', b] = rangeText.split('-');
      low = value(a, field, expression);
      high = b === undefined ? (stepText === undefined ? low : field.max) : value(b, field, expression);
    }
    if (low > high) throw bad(expression, `range "${rangeText}" runs backwards`);
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

function value(text: string, field: Field, expression: string): number {
  const named = field.names?.indexOf(text) ?? -1;
  const n = named >= 0 ? named + field.min : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < field.min || n > field.max) {
    throw bad(expression, `"${text}" is outside ${field.min}-${field.max}`);
  }
  return n;
}

function bad(expression: string, why: string): OspreyError {
  return new OspreyError('CONFIG_INVALID', `Invalid cron expression "${expression}": ${why}`, { retriable: false });
}
