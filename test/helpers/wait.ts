/**
 * The one way a test waits: poll a witness until it shows up, with a generous deadline (CI runs two test files at
 * once on two cores, and the suite must pass beside `stress --cpu 2`). A test never sleeps and then asserts that
 * nothing happened; it waits for an event that proves the thing it checks has had its chance to happen.
 */
export interface WaitOptions {
  /** How long before giving up (default 30 s: a deadline for a hang, never a measure of speed). */
  timeoutMs?: number;
  /** Time between checks (default 25 ms). */
  intervalMs?: number;
  /** Extra text for the timeout error: the state the test saw last. */
  context?: () => string;
}

/**
 * Polls `check` until it returns something other than `undefined`, `false` or `null`, and returns that value.
 * Throws `Timed out after N s waiting for WHAT` (with the context) when the deadline passes.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) {
      const context = options.context?.() ?? '';
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.${context ? `\n${context}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
