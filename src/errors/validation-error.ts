import { SoraError } from './sora-error.js';

/**
 * Bad input, caught before any request was sent. `field` names the parameter, option or
 * environment variable at fault.
 *
 * @example
 * ```ts
 * sora.createVideo({ prompt: '' }).subscribe({ error: (e) => e instanceof ValidationError && e.field }); // 'prompt'
 * ```
 */
export class ValidationError extends SoraError {
  override readonly name: string = 'ValidationError';
  /** The parameter, option or environment variable that is wrong. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`, { code: 'invalid_input', retryable: false, statusCode: 400, param: field });
    this.field = field;
  }
}
