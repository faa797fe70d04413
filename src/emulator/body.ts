import type { IncomingMessage } from 'node:http';
import { ApiError, invalidParam } from './errors.js';
import { boundaryOf, MultipartError, parseMultipart } from './multipart.js';
import type { BodySummary } from './types.js';

/** A file part of a multipart request. */
export class UploadedFile {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    readonly data: Buffer,
  ) {}
}

/** A parsed request body: JSON objects as-is; multipart fields as strings/files, `a[b]` keys nested. */
export interface ParsedBody {
  kind: BodySummary['kind'];
  params: Record<string, unknown>;
  summary: BodySummary;
}

const EMPTY: ParsedBody = { kind: 'none', params: {}, summary: { kind: 'none', bytes: 0 } };

const JSON_PARSE_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library " +
  'correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)';

/** True when the request announces a body. */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** Reads the whole body, answering 413 beyond `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(
          new ApiError(413, {
            message: `Request body too large: the maximum is ${maxBytes} bytes.`,
            type: 'invalid_request_error',
            param: null,
            code: 'request_too_large',
          }),
        );
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('The client closed the connection before sending the whole body.'));
    });
  });
}

/** Sets `params[a][b] = value` for a key `a[b]` (one or more bracket levels); plain keys set directly. */
function assignField(params: Record<string, unknown>, key: string, value: unknown): void {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])+)$/.exec(key);
  if (match === null) {
    params[key] = value;
    return;
  }
  const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
  let target = params;
  for (const segment of path.slice(0, -1)) {
    const next = target[segment];
    if (typeof next === 'object' && next !== null && !(next instanceof UploadedFile)) {
      target = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      target[segment] = created;
      target = created;
    }
  }
  target[path[path.length - 1]!] = value;
}

function parseJson(raw: Buffer): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalidParam(null, JSON_PARSE_MESSAGE);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParam(null, 'The request body must be a JSON object.', 'invalid_type');
  }
  const params = value as Record<string, unknown>;
  return { kind: 'json', params, summary: { kind: 'json', bytes: raw.length, fields: Object.keys(params) } };
}

function parseForm(raw: Buffer, contentType: string): ParsedBody {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) throw invalidParam(null, 'Invalid multipart/form-data request: missing boundary.');
  let parts;
  try {
    parts = parseMultipart(raw, boundary);
  } catch (error) {
    if (error instanceof MultipartError)
      throw invalidParam(null, `Invalid multipart/form-data body: ${error.message}.`);
    throw error;
  }
  const params: Record<string, unknown> = {};
  const summary: BodySummary = { kind: 'multipart', bytes: raw.length, fields: [], files: [] };
  for (const part of parts) {
    summary.fields!.push(part.name);
    if (part.filename === undefined) {
      assignField(params, part.name, part.data.toString('utf8'));
      continue;
    }
    const contentType = part.contentType ?? 'application/octet-stream';
    assignField(params, part.name, new UploadedFile(part.filename, contentType, Buffer.from(part.data)));
    summary.files!.push({ field: part.name, filename: part.filename, contentType, size: part.data.length });
  }
  return { kind: 'multipart', params, summary };
}

/** Parses a raw body according to its content type. */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return EMPTY;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return parseJson(raw);
  if (type === 'multipart/form-data') return parseForm(raw, contentType!);
  throw invalidParam(
    null,
    `Invalid Content-Type header (${type || 'none'}), expected application/json or multipart/form-data.`,
    'unsupported_content_type',
  );
}

/** The body of a request without one. */
export const emptyBody = (): ParsedBody => EMPTY;
