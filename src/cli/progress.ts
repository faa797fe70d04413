import cliProgress from 'cli-progress';
import type { Video } from '../index.js';
import type { Output } from './output.js';

/** Shows a job's progress while it is watched. */
export interface ProgressView {
  update(video: Video): void;
  /** Removes the bar (idempotent). */
  stop(): void;
}

/** `1m 05s` / `12s` for a duration in ms. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Remaining time from the progress rate since rendering started; `undefined` until there is a rate.
 *
 * @example estimateEtaMs(0, 10_000, 50) // 10_000
 */
export function estimateEtaMs(startedMs: number | undefined, nowMs: number, progress: number): number | undefined {
  if (progress >= 100) return 0;
  if (startedMs === undefined || progress <= 0 || nowMs - startedMs < 500) return undefined;
  return ((nowMs - startedMs) * (100 - progress)) / progress;
}

/** A cli-progress bar on stderr: bar, percent, status, elapsed, ETA (redrawn 5 times a second). */
class BarView implements ProgressView {
  private readonly bar: cliProgress.SingleBar;
  private readonly t0 = Date.now();
  private renderStart: number | undefined;
  private last: Video | undefined;
  private readonly ticker: NodeJS.Timeout;
  private stopped = false;

  constructor(output: Output, label: string) {
    this.bar = new cliProgress.SingleBar(
      {
        stream: output.stderrStream,
        format: `${label} {bar} {percentage}% | {status} | elapsed {elapsedText} | ETA {etaText}`,
        hideCursor: true,
        clearOnComplete: false,
        barsize: 24,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(100, 0, this.payload());
    this.ticker = setInterval(() => this.bar.update(this.payload()), 200);
  }

  private payload(): Record<string, string> {
    const now = Date.now();
    const eta = this.last ? estimateEtaMs(this.renderStart, now, this.last.progress) : undefined;
    return {
      status: this.last?.status ?? 'starting',
      elapsedText: formatElapsed(now - this.t0),
      etaText: eta === undefined ? '--' : formatElapsed(eta),
    };
  }

  update(video: Video): void {
    if (video.status === 'in_progress' && this.renderStart === undefined) this.renderStart = Date.now();
    this.last = video;
    this.bar.update(video.progress, this.payload());
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.ticker);
    this.bar.stop();
  }
}

/** One stderr line per change, for logs and pipes. */
class LineView implements ProgressView {
  private lastKey = '';
  constructor(private readonly output: Output) {}
  update(video: Video): void {
    const key = `${video.status}:${video.progress}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.output.info(`${video.id} ${video.status} ${video.progress}%`);
  }
  stop(): void {}
}

const SILENT: ProgressView = { update: () => undefined, stop: () => undefined };

/**
 * The right view for `output`: nothing with `--json`, a bar on a TTY, plain lines otherwise.
 *
 * @example
 * ```ts
 * const view = createProgressView(output, 'video_123');
 * watch$.subscribe({ next: (v) => view.update(v), complete: () => view.stop() });
 * ```
 */
export function createProgressView(output: Output, label: string): ProgressView {
  if (output.json) return SILENT;
  return output.interactive ? new BarView(output, label) : new LineView(output);
}
