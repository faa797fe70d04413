import { defer, throwError } from 'rxjs';
import type { Observable } from 'rxjs';

/**
 * Runs `check` at subscription time; a thrown error (e.g. `ValidationError`) becomes the Observable's error
 * notification and nothing else happens. Otherwise subscribes to `run(checked)`.
 *
 * @example
 * ```ts
 * validated(() => encodeId(id), (path) => runtime.operation('getVideoStatus', options, (s) => get(s, path)));
 * ```
 */
export function validated<C, T>(check: () => C, run: (checked: C) => Observable<T>): Observable<T> {
  return defer(() => {
    let checked: C;
    try {
      checked = check();
    } catch (e) {
      return throwError(() => e);
    }
    return run(checked);
  });
}
