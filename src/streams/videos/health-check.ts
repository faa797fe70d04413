import { catchError, defer, map, of } from 'rxjs';
import type { Observable } from 'rxjs';
import type { RequestOptions } from '../../config/options.js';
import { SoraError, isSoraError } from '../../errors/sora-error.js';
import type { SoraRuntime } from '../runtime-types.js';
import type { HealthStatus } from './types.js';

/**
 * `GET /videos?limit=1`: emits `{ ok: true, latencyMs }` or `{ ok: false, latencyMs, error }` once and completes;
 * never errors (a cancellation via `signal` is reported as `ok: false` with a `CancelledError`). Retries default
 * to 0 here (pass `maxRetries` to change it), so the latency is that of one attempt.
 *
 * @example
 * ```ts
 * healthCheck(runtime).subscribe((h) => console.log(h.ok ? `up (${h.latencyMs} ms)` : h.error.code));
 * ```
 */
export function healthCheck(runtime: SoraRuntime, options?: RequestOptions): Observable<HealthStatus> {
  return defer(() => {
    const scheduler = runtime.scheduler;
    const start = scheduler.now();
    const latency = (): number => Math.max(0, scheduler.now() - start);
    return runtime
      .operation('healthCheck', { ...options, maxRetries: options?.maxRetries ?? 0 }, (scope) =>
        scope.send({ method: 'GET', path: '/videos', pathTemplate: '/videos', query: { limit: 1 } }),
      )
      .pipe(
        map((): HealthStatus => ({ ok: true, latencyMs: latency() })),
        catchError((err: unknown) => of<HealthStatus>({ ok: false, latencyMs: latency(), error: asSoraError(err) })),
      );
  });
}

function asSoraError(err: unknown): SoraError {
  if (isSoraError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new SoraError(`Health check failed: ${message}`, { code: 'health_check_failed', cause: err });
}
