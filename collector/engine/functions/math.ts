/**
 * osquery's math functions beyond SQLite's own (this SQLite is built with SQLITE_ENABLE_MATH_FUNCTIONS, which gives
 * sqrt, log10, pi, sin, cos, tan, asin, acos, atan, atan2, degrees, radians, exp, power/pow, …). Where osquery's
 * extension differs from SQLite's built-in, osquery's meaning wins: log(x) is the natural logarithm, ceil/floor
 * return integers, power(x) with one argument squares (docs/wiki/introduction/sql.md).
 */
type Value = number | bigint | string | Buffer | null;

const num = (value: Value): number | null => {
  if (value === null || Buffer.isBuffer(value)) return null;
  const n = Number(value);
  return Number.isNaN(n) ? null : n;
};

const unary =
  (f: (x: number) => number) =>
  (value: Value): number | null => {
    const x = num(value);
    if (x === null) return null;
    const y = f(x);
    return Number.isFinite(y) ? y : null;
  };

const toInteger =
  (f: (x: number) => number) =>
  (value: Value): bigint | null => {
    if (typeof value === 'bigint') return value;
    const x = num(value);
    return x === null || !Number.isFinite(x) ? null : BigInt(f(x));
  };

export const MATH_FUNCTIONS: Record<string, (value: Value) => number | bigint | null> = {
  log: unary(Math.log),
  ceil: toInteger(Math.ceil),
  floor: toInteger(Math.floor),
  power: unary((x) => x * x),
  cot: unary((x) => 1 / Math.tan(x)),
  coth: unary((x) => 1 / Math.tanh(x)),
  sign: unary(Math.sign),
  square: unary((x) => x * x),
};

/** atn2(y, x) as osquery's extension names atan2. */
export function atn2(y: Value, x: Value): number | null {
  const a = num(y);
  const b = num(x);
  return a === null || b === null ? null : Math.atan2(a, b);
}
