import type { RequestOptions } from '../../config/options.js';
import type { SoraRuntime } from '../runtime-types.js';
import type { PollerMetrics } from './poller-metrics.js';
import type { Pace, WatchedId } from './watched-id.js';

/** What a poll tick needs of its poller. */
export interface PollerState {
  readonly runtime: SoraRuntime;
  /** Per-request options of the poller's group (`timeoutMs`, `maxRetries`, `headers`). */
  readonly requestOptions: RequestOptions | undefined;
  /** The watched ids, by raw id. */
  readonly entries: ReadonlyMap<string, WatchedId>;
  readonly metrics: PollerMetrics;
  /** How hard to poll right now (see {@link Pace}). */
  pace(): Pace;
  /** Whether list reads are still worth trying. */
  canList(): boolean;
  /** The service cannot list: every later tick retrieves each id (said once at `info`). */
  listUnsupported(reason: string): void;
}
