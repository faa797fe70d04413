import type { Webhook } from 'standardwebhooks';
import { ValidationError } from '../errors/validation-error.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

type WebhookClass = new (secret: string) => Webhook;
let WebhookImpl: WebhookClass | undefined;

/**
 * Loads `standardwebhooks` (CommonJS, two dependencies) synchronously on the first verification, so importing
 * sora-rx does not pay for it; `unwrapWebhook` stays synchronous.
 */
function loadWebhook(): WebhookClass {
  WebhookImpl ??= (
    process.getBuiltinModule('node:module').createRequire(import.meta.url)('standardwebhooks') as {
      Webhook: WebhookClass;
    }
  ).Webhook;
  return WebhookImpl;
}

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
    return new (loadWebhook())(encoded);
  } catch {
    throw new ValidationError('secret', 'must be a Standard Webhooks secret: whsec_ followed by base64');
  }
}
