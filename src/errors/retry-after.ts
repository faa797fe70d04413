/**
 * Reads the server's wait hint: `retry-after-ms` (milliseconds), else `Retry-After` (seconds or an HTTP date).
 * Returns undefined when absent or malformed. Headers must have lower-case keys.
 *
 * @example
 * ```ts
 * parseRetryAfterMs({ 'retry-after': '2' }) // 2000
 * ```
 */
export function parseRetryAfterMs(
  headers: Readonly<Record<string, string | undefined>>,
  now: () => number = Date.now,
): number | undefined {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && ms.trim() !== '') {
    const v = Number(ms);
    if (Number.isFinite(v) && v >= 0) return v;
  }
  const ra = headers['retry-after'];
  if (ra === undefined || ra.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Number(ra) * 1000;
  // An HTTP date always names a day or month; V8's lenient Date.parse would read '-1' or '1.5' as a year.
  if (!/[a-z]{3}/i.test(ra)) return undefined;
  const date = Date.parse(ra);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now());
}

/** Reads `x-should-retry`: `true` or `false` when the server decided, undefined otherwise. */
export function parseShouldRetry(headers: Readonly<Record<string, string | undefined>>): boolean | undefined {
  const v = headers['x-should-retry']?.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}
