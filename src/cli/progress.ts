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

const BAR_WIDTH = 24;
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
const CLEAR_LINE = '\r\u001b[2K';

/** `████░░░░` for `percent` (0..100) in `width` cells. */
export function renderBar(percent: number, width = BAR_WIDTH): string {
  const filled = Math.round((Math.min(100, Math.max(0, percent)) / 100) * width);
  return '\u2588'.repeat(filled) + '\u2591'.repeat(width - filled);
}

/** A one-line bar on stderr, redrawn in place: bar, percent, status, elapsed, ETA (5 times a second). */
class BarView implements ProgressView {
  private readonly t0 = Date.now();
  private renderStart: number | undefined;
  private last: Video | undefined;
  private readonly ticker: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly output: Output,
    private readonly label: string,
  ) {
    output.stderrStream.write(HIDE_CURSOR);
    this.draw();
    this.ticker = setInterval(() => this.draw(), 200);
  }

  private draw(): void {
    const now = Date.now();
    const progress = this.last?.progress ?? 0;
    const eta = this.last ? estimateEtaMs(this.renderStart, now, progress) : undefined;
    const text =
      `${this.label} ${renderBar(progress)} ${Math.round(progress)}% | ${this.last?.status ?? 'starting'} | ` +
      `elapsed ${formatElapsed(now - this.t0)} | ETA ${eta === undefined ? '--' : formatElapsed(eta)}`;
    this.output.rawErr(CLEAR_LINE + text);
  }

  update(video: Video): void {
    if (video.status === 'in_progress' && this.renderStart === undefined) this.renderStart = Date.now();
    this.last = video;
    this.draw();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.ticker);
    this.draw();
    this.output.stderrStream.write('\n' + SHOW_CURSOR);
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
    this.output.info(`${video.id} ${video.status}${video.progress === undefined ? '' : ` ${video.progress}%`}`);
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
