/**
 * The budget of one attempt, paid ahead (`SoraRuntime.prepay`): the first attempt of a send given it (in
 * `SendOptions.prepaid`) spends it instead of waiting for a permit of its own; later attempts and later sends wait as
 * usual. Single use: a tick that plans after its permit is granted hands the same slot to all of its sends, and the
 * first one subscribed claims it.
 *
 * @example
 * ```ts
 * runtime.prepay?.('low').pipe(mergeMap((prepaid) => scope.send(request, { prepaid })));
 * ```
 */
export class PrepaidAttempt {
  /** Nothing paid (every attempt waits for its own permit); it never changes, so one is shared. */
  static readonly none = new PrepaidAttempt(undefined);

  private token: unknown;

  /** `token` is what the attempt hooks' `prepay` emitted (`undefined`: nothing was paid, every attempt waits). */
  constructor(token: unknown) {
    this.token = token;
  }

  /** Whether the token is still unclaimed. */
  get unclaimed(): boolean {
    return this.token !== undefined;
  }

  /** The token, once; `undefined` afterwards. */
  claim(): unknown {
    const token = this.token;
    this.token = undefined;
    return token;
  }
}
