import { ValidationError } from '../errors/validation-error.js';

/**
 * Options of {@link unwrapWebhook} (and every helper built on it).
 *
 * @example
 * ```ts
 * unwrapWebhook(raw, headers, secret, { toleranceSec: 60, now: () => clock.now() });
 * ```
 */
export interface UnwrapWebhookOptions {
  /**
   * How far `webhook-timestamp` may be from now, in seconds, either way (replay protection).
   * @default 300
   */
  toleranceSec?: number;
  /** The current time in epoch ms; for tests on virtual time. @default Date.now */
  now?: () => number;
}

/**
 * The default timestamp tolerance, as in the Standard Webhooks libraries and openai-node.
 *
 * @example
 * ```ts
 * unwrapWebhook(raw, headers, secret, { toleranceSec: DEFAULT_WEBHOOK_TOLERANCE_SEC / 5 }); // 60 s
 * ```
 */
export const DEFAULT_WEBHOOK_TOLERANCE_SEC = 300;

/** Checked options with defaults applied. */
export function resolveUnwrapOptions(options: UnwrapWebhookOptions): Required<UnwrapWebhookOptions> {
  const toleranceSec = options.toleranceSec ?? DEFAULT_WEBHOOK_TOLERANCE_SEC;
  if (typeof toleranceSec !== 'number' || Number.isNaN(toleranceSec) || toleranceSec < 0) {
    throw new ValidationError('toleranceSec', 'must be a number of seconds >= 0');
  }
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new ValidationError('now', 'must be a function returning epoch ms');
  return { toleranceSec, now };
}
