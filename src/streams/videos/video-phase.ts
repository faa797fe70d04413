import { VideoCancelledError, VideoExpiredError, VideoGenerationFailedError } from '../../errors/job-errors.js';
import type { SoraError } from '../../errors/sora-error.js';
import type { Video } from './types.js';

/** Where a job is, whatever the server calls its status. `completed`, `failed`, `cancelled`, `expired` are terminal. */
export type VideoPhase = 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled' | 'expired';

/** Extra status → phase mappings (lower-case keys), merged over {@link STATUS_ALIASES}. */
export type StatusAliases = Readonly<Record<string, VideoPhase>>;

/**
 * The one table of statuses sora-rx knows (compared case-insensitively). OpenAI's four map to themselves; the rest
 * are what compatible providers send: LiteLLM (Gemini/Veo `processing`, RunwayML `PENDING`/`RUNNING`/`SUCCEEDED`/
 * `THROTTLED`), Azure's Sora 1 preview (`preprocessing`, `running`, `processing`, `succeeded`), gateways (`pending`,
 * `cancelled`, `expired`). Any status not here counts as in progress (bounded by the watch deadline); extend the
 * table with the client option `statusAliases`.
 *
 * | phase         | statuses                                                            |
 * | ------------- | ------------------------------------------------------------------- |
 * | `queued`      | `queued`, `pending`, `throttled`, `submitted`                       |
 * | `in_progress` | `in_progress`, `processing`, `preprocessing`, `running`, `started`  |
 * | `completed`   | `completed`, `succeeded`, `success`                                 |
 * | `failed`      | `failed`, `failure`, `error`                                        |
 * | `cancelled`   | `cancelled`, `canceled`                                             |
 * | `expired`     | `expired`                                                           |
 */
export const STATUS_ALIASES: StatusAliases = Object.freeze({
  queued: 'queued',
  pending: 'queued',
  throttled: 'queued',
  submitted: 'queued',
  in_progress: 'in_progress',
  processing: 'in_progress',
  preprocessing: 'in_progress',
  running: 'in_progress',
  started: 'in_progress',
  completed: 'completed',
  succeeded: 'completed',
  success: 'completed',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  expired: 'expired',
});

const PHASES: ReadonlySet<string> = new Set(['queued', 'in_progress', 'completed', 'failed', 'cancelled', 'expired']);

/**
 * The table `aliases` merged over {@link STATUS_ALIASES} (keys lower-cased). Throws a `TypeError` naming a bad
 * phase, so a client option is checked once, at construction.
 *
 * @example
 * ```ts
 * const table = statusTable({ rendering: 'in_progress', done: 'completed' });
 * videoPhase('DONE', table); // 'completed'
 * ```
 */
export function statusTable(aliases: StatusAliases | undefined): StatusAliases {
  if (aliases === undefined) return STATUS_ALIASES;
  // null prototype: a status such as `__proto__` is an own key like any other
  const table: Record<string, VideoPhase> = Object.assign(
    Object.create(null) as Record<string, VideoPhase>,
    STATUS_ALIASES,
  );
  for (const [status, phase] of Object.entries(aliases)) {
    if (!PHASES.has(phase)) throw new TypeError(`statusAliases.${status}: unknown phase ${JSON.stringify(phase)}`);
    table[status.toLowerCase()] = phase;
  }
  return Object.freeze(table);
}

/**
 * The phase of a status, case-insensitively, by `aliases` (default {@link STATUS_ALIASES}); unknown statuses are
 * `in_progress`. Pure.
 *
 * @example
 * ```ts
 * videoPhase('succeeded');  // 'completed'
 * videoPhase('rendering');  // 'in_progress' (unknown)
 * ```
 */
export function videoPhase(status: string, aliases: StatusAliases = STATUS_ALIASES): VideoPhase {
  return ownPhase(aliases, status) ?? ownPhase(aliases, status.toLowerCase()) ?? 'in_progress';
}

/** Own keys only: `constructor`, `toString`, `__proto__` … are unknown statuses, not `Object.prototype` members. */
function ownPhase(aliases: StatusAliases, status: string): VideoPhase | undefined {
  return Object.hasOwn(aliases, status) ? aliases[status] : undefined;
}

/**
 * True for the terminal phases (`completed`, `failed`, `cancelled`, `expired`).
 *
 * @example
 * ```ts
 * isTerminalPhase(videoPhase('succeeded')); // true
 * ```
 */
export function isTerminalPhase(phase: VideoPhase): boolean {
  return phase !== 'queued' && phase !== 'in_progress';
}

/**
 * The typed error a watch ends with for a video in a terminal unsuccessful phase: `VideoGenerationFailedError`
 * (failed), `VideoCancelledError` (cancelled), `VideoExpiredError` (expired); `undefined` for any other phase.
 *
 * @example
 * ```ts
 * const error = terminalError(video, videoPhase(video.status)); // undefined while running or completed
 * ```
 */
export function terminalError(video: Video, phase: VideoPhase): SoraError | undefined {
  if (phase === 'failed') return new VideoGenerationFailedError(video);
  if (phase === 'cancelled') return new VideoCancelledError(video);
  if (phase === 'expired') return new VideoExpiredError(video);
  return undefined;
}
