const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};
const PART = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/y;

/**
 * Parses a duration in the format of OpenAI's `x-ratelimit-reset-*` headers (Go's `time.Duration` text: `1s`, `6m0s`,
 * `20ms`, `1h2m3.5s`), or a bare number of seconds, into milliseconds. Returns undefined for anything else
 * (liberal in what it accepts, never a throw on a server's text).
 *
 * @example
 * ```ts
 * parseRateLimitDuration('6m0s'); // 360000
 * parseRateLimitDuration('20ms'); // 20
 * ```
 */
export function parseRateLimitDuration(text: string | undefined): number | undefined {
  const value = text?.trim();
  if (!value || value.length > 64) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  PART.lastIndex = 0;
  let total = 0;
  while (PART.lastIndex < value.length) {
    const start = PART.lastIndex;
    const match = PART.exec(value);
    if (!match || match.index !== start) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return Number.isFinite(total) ? total : undefined;
}
