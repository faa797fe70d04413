import type { VideoWebhookEvent } from '../streams/poller/webhook-event.js';
import { WebhookVerificationError } from './verification-error.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

function invalid(message: string): WebhookVerificationError {
  return new WebhookVerificationError('invalid_payload', message);
}

/** `created_at` as unix seconds: a number, or (liberal) a numeric string. */
function createdAt(value: unknown): number {
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid('created_at is not unix seconds');
  return n;
}

/**
 * Parses a verified body into a {@link VideoWebhookEvent}. Liberal: unknown fields (top level and in `data`) are
 * kept and a missing `object` is taken as `'event'`; strict on what the stream needs (`id`, `type`, `created_at`,
 * `data.id`), so a correctly signed but malformed payload is a typed `invalid_payload` error.
 */
export function parseVideoWebhookEvent(text: string): VideoWebhookEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('the body is not JSON');
  }
  if (!isRecord(value)) throw invalid('the body is not a JSON object');
  const { id, object, type, data } = value;
  if (!nonEmpty(id)) throw invalid('id is missing or not a string');
  if (object !== undefined && object !== 'event') throw invalid(`object is ${JSON.stringify(object)}, not "event"`);
  if (!nonEmpty(type)) throw invalid('type is missing or not a string');
  if (!isRecord(data) || !nonEmpty(data['id'])) throw invalid('data.id is missing or not a string');
  return {
    ...value,
    id,
    object: 'event',
    type,
    created_at: createdAt(value['created_at']),
    data: { ...data, id: data['id'] },
  };
}
