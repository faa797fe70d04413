import { WebhookVerificationError } from './verification-error.js';

/**
 * Request headers as Node (`req.headers`), Express, or fetch (`Headers`) give them.
 *
 * @example
 * ```ts
 * const headers: WebhookHeaders = request.headers; // a fetch Request's Headers, or req.headers in Node
 * ```
 */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>> | Headers;

/** The three Standard Webhooks headers of one request. */
export interface SignedHeaders {
  id: string;
  timestamp: string;
  /** Every entry of `webhook-signature` (e.g. `v1,<base64>`), in order. */
  signatures: string[];
}

function lookup(headers: WebhookHeaders, name: string): string | readonly string[] | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const exact = record[name];
  if (exact !== undefined) return exact;
  for (const key of Object.keys(record)) if (key.toLowerCase() === name) return record[key];
  return undefined;
}

function single(headers: WebhookHeaders, name: string): string {
  const raw = lookup(headers, name);
  const value = (typeof raw === 'string' ? raw : raw?.[0])?.trim();
  if (value === undefined || value === '') {
    throw new WebhookVerificationError('missing_header', `the ${name} header is missing`, name);
  }
  return value;
}

/**
 * Reads `webhook-id`, `webhook-timestamp` and `webhook-signature` (names case-insensitive). Signatures are split
 * on whitespace; repeated headers (arrays, or values a proxy joined with `, `) are all kept.
 */
export function readSignedHeaders(headers: WebhookHeaders): SignedHeaders {
  const id = single(headers, 'webhook-id');
  const timestamp = single(headers, 'webhook-timestamp');
  single(headers, 'webhook-signature');
  const raw = lookup(headers, 'webhook-signature')!;
  const joined = typeof raw === 'string' ? raw : raw.join(' ');
  const signatures = joined
    .split(/\s+/)
    .map((entry) => entry.replace(/,+$/, ''))
    .filter((entry) => entry !== '');
  return { id, timestamp, signatures };
}
