import { context, type Context } from '@opentelemetry/api';
import { Observable } from 'rxjs';

/**
 * Subscribes to `source` inside the OpenTelemetry context `ctx`, so spans it starts at subscription time get the
 * right parent even when the subscription happens in a callback running in another span's context.
 *
 * @example
 * ```ts
 * const root = context.active();
 * done$.pipe(concatMap(() => inContext(root, sora.downloadVideo(id, { destination }))));
 * ```
 */
export function inContext<T>(ctx: Context, source: Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => context.with(ctx, () => source.subscribe(subscriber)));
}
