import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedRequest } from './types.js';

const REDACTED_HEADERS = new Set(['authorization', 'api-key', 'x-api-key', 'cookie', 'proxy-authorization']);

/** Copies headers, replacing credential values with `'[REDACTED]'`. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = REDACTED_HEADERS.has(name) ? '[REDACTED]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Appends `record`, dropping the oldest entries beyond `max` (in batches, to keep it cheap). */
export function pushRecord<T = RecordedRequest>(requests: T[], record: T, max: number): void {
  requests.push(record);
  if (requests.length > max) requests.splice(0, Math.max(requests.length - max, Math.ceil(max / 10)));
}
