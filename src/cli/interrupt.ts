import { Subject, type Observable } from 'rxjs';
import type { CliIo } from './io.js';
import { ExitCode } from './errors.js';

/** Ctrl-C handling for one command. */
export interface Interrupts {
  /** Emits once, on the first SIGINT/SIGTERM (use with `takeUntil` to stop local work). */
  readonly first$: Observable<void>;
  /** True once the first signal arrived. */
  readonly interrupted: boolean;
  /** Removes the signal handlers. */
  dispose(): void;
}

/**
 * Listens for SIGINT/SIGTERM: the first one emits on `first$` (stop local work, then decide about the server job),
 * the second exits at once with code 130.
 *
 * @example
 * ```ts
 * const interrupts = watchInterrupts(io, output.info);
 * work$.pipe(takeUntil(interrupts.first$)).subscribe();
 * ```
 */
export function watchInterrupts(io: CliIo, say: (line: string) => void): Interrupts {
  const first$ = new Subject<void>();
  let count = 0;
  const onSignal = (): void => {
    count += 1;
    if (count === 1) {
      say('Interrupted: stopping (press Ctrl-C again to exit at once)');
      first$.next();
      first$.complete();
    } else {
      say('Exiting.');
      io.exit(ExitCode.interrupted);
    }
  };
  const offs = [io.onSignal('SIGINT', onSignal), io.onSignal('SIGTERM', onSignal)];
  return {
    first$: first$.asObservable(),
    get interrupted() {
      return count > 0;
    },
    dispose: () => offs.forEach((off) => off()),
  };
}
