import { Webhook } from 'standardwebhooks';
import { ValidationError } from '../errors/validation-error.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The `standardwebhooks` signer for `secret` (`whsec_<base64>`, or the bare base64 part, as the package accepts).
 * A malformed secret is a {@link ValidationError} on `secret` whose message never repeats it.
 */
export function webhookSigner(secret: string): Webhook {
  if (typeof secret !== 'string') throw new ValidationError('secret', 'must be a string (whsec_<base64>)');
  const bare = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  // Liberal: unpadded base64 is padded (the package insists on padding).
  const encoded = bare.length % 4 === 0 ? bare : bare + '='.repeat(4 - (bare.length % 4));
  if (bare.length < 2 || bare.length % 4 === 1 || !BASE64.test(encoded)) {
    throw new ValidationError('secret', 'must be a Standard Webhooks secret: whsec_ followed by base64');
  }
  try {
    return new Webhook(encoded);
  } catch {
    throw new ValidationError('secret', 'must be a Standard Webhooks secret: whsec_ followed by base64');
  }
}
