/** Tuning of {@link nextPollDelayMs} (all in milliseconds). */
export interface PollScheduleOptions {
  /** Delay after the first observation and after every change of status. */
  intervalMs: number;
  /** Shortest delay (used when completion is near). */
  minIntervalMs: number;
  /** Longest delay (reached while nothing changes). */
  maxIntervalMs: number;
  /** Growth of the delay per unchanged observation. @default 1.5 */
  slowdownFactor?: number;
  /**
   * Fraction of the estimated time to 100 % to wait while progress rises (rule 3), in (0, 1]: below 1, polls close
   * in on the end instead of aiming at it (the shared poller uses 0.5 where its polls ride on list reads). @default 1
   */
  etaFraction?: number;
}

/** One poll result, as the scheduler needs it. */
export interface PollObservation {
  /** When it was observed (`scheduler.now()`). */
  atMs: number;
  status: string;
  /** 0..100. */
  progress: number;
  /** The server's hint (e.g. `openai-poll-after-ms`), when it sent one. */
  serverHintMs?: number;
}

/** How many recent observations the progress rate is estimated from. */
export const RATE_WINDOW = 5;

/**
 * The delay before the next poll, from what was observed so far (oldest first). Rules, in order:
 * 1. a server hint on the latest observation wins, clamped to `[minIntervalMs, maxIntervalMs]` (a hint of 0 or of
 *    days cannot make a watch spin or sleep past its bounds);
 * 2. no history: `intervalMs`;
 * 3. progress rising (same status, over the last {@link RATE_WINDOW} observations, or over the latest interval
 *    when progress is speeding up): poll at about the estimated time to 100 %, clamped to
 *    `[minIntervalMs, maxIntervalMs]`, so densely once the end is near;
 * 4. otherwise (queued, stalled): `intervalMs`, times `slowdownFactor` for each further unchanged observation,
 *    up to `maxIntervalMs`. A change of status or progress starts again at `intervalMs`.
 *
 * @example
 * ```ts
 * const opts = { intervalMs: 2000, minIntervalMs: 1000, maxIntervalMs: 20_000 };
 * nextPollDelayMs([{ atMs: 0, status: 'queued', progress: 0 }], opts); // 2000
 * nextPollDelayMs([
 *   { atMs: 0, status: 'in_progress', progress: 10 },
 *   { atMs: 10_000, status: 'in_progress', progress: 20 },
 * ], opts); // 20000 (80 % left at 1 %/s = 80 s, capped)
 * ```
 */
export function nextPollDelayMs(history: readonly PollObservation[], options: PollScheduleOptions): number {
  return delayFrom(history, unchangedStreak(history), options);
}

/**
 * A bounded poll history for long watches: keeps only the last {@link RATE_WINDOW} observations (all the
 * progress rate looks at) plus the length of the trailing run of unchanged observations, so
 * `nextDelayMs(options)` always equals `nextPollDelayMs(fullHistory, options)` while memory stays constant.
 *
 * @example
 * ```ts
 * const history = new PollHistory();
 * history.push({ atMs: 0, status: 'queued', progress: 0 });
 * history.nextDelayMs({ intervalMs: 2000, minIntervalMs: 1000, maxIntervalMs: 20_000 }); // 2000
 * ```
 */
export class PollHistory {
  private readonly recent: PollObservation[] = [];
  private streak = 0;

  push(observation: PollObservation): void {
    const last = this.recent[this.recent.length - 1];
    const same = last !== undefined && last.status === observation.status && last.progress === observation.progress;
    this.streak = same ? this.streak + 1 : 1;
    if (this.recent.length >= RATE_WINDOW) this.recent.shift();
    this.recent.push(observation);
  }

  nextDelayMs(options: PollScheduleOptions): number {
    return delayFrom(this.recent, this.streak, options);
  }
}

function delayFrom(history: readonly PollObservation[], streak: number, options: PollScheduleOptions): number {
  const min = Math.max(0, finiteOr(options.minIntervalMs, 0));
  const max = Math.max(min, finiteOr(options.maxIntervalMs, min));
  const interval = clamp(finiteOr(options.intervalMs, min), min, max);
  const factor = Math.max(1, finiteOr(options.slowdownFactor ?? 1.5, 1.5));
  const last = history[history.length - 1];
  if (!last) return interval;
  if (last.serverHintMs !== undefined && Number.isFinite(last.serverHintMs)) return clamp(last.serverHintMs, min, max);
  if (last.progress >= 100) return min;
  const rate = progressRatePerMs(history);
  const fraction = Math.min(1, Math.max(0.01, finiteOr(options.etaFraction ?? 1, 1)));
  if (rate > 0) return clamp((fraction * (100 - last.progress)) / rate, min, max);
  return Math.min(max, interval * factor ** (Math.max(1, streak) - 1));
}

/**
 * Progress points per ms: over the recent observations of the latest status, or over the latest interval when that
 * is faster; 0 when not rising.
 */
function progressRatePerMs(history: readonly PollObservation[]): number {
  const last = history[history.length - 1];
  if (!last) return 0;
  let first = last;
  for (let i = history.length - 2; i >= Math.max(0, history.length - RATE_WINDOW); i--) {
    const obs = history[i];
    if (!obs || obs.status !== last.status || obs.progress > first.progress) break;
    first = obs;
  }
  const windowRate = rate(first, last);
  // Progress that speeds up (slow start, fast finish) is not extrapolated from its slow past: the latest interval's
  // rate wins when it is higher.
  const previous = history[history.length - 2];
  return previous && previous.status === last.status ? Math.max(windowRate, rate(previous, last)) : windowRate;
}

function rate(from: PollObservation, to: PollObservation): number {
  const dt = to.atMs - from.atMs;
  const dp = to.progress - from.progress;
  return dt > 0 && dp > 0 ? dp / dt : 0;
}

/** How many trailing observations have the latest status and progress (at least 1). */
function unchangedStreak(history: readonly PollObservation[]): number {
  const last = history[history.length - 1];
  let n = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const obs = history[i];
    if (!obs || !last || obs.status !== last.status || obs.progress !== last.progress) break;
    n++;
  }
  return Math.max(1, n);
}

function finiteOr(n: number, fallback: number): number {
  return Number.isFinite(n) ? n : fallback;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
