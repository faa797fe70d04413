import type { IncomingMessage } from 'node:http';
import { ValidationError } from '../errors/validation-error.js';
import type { UnwrapWebhookOptions } from './options.js';
import { unwrapWebhook } from './unwrap-webhook.js';
import type { VideoWebhookEvent } from '../streams/poller/webhook-event.js';
import { WebhookVerificationError } from './verification-error.js';

/**
 * Options of {@link readWebhookRequest} and the handlers built on it.
 *
 * @example
 * ```ts
 * await readWebhookRequest(req, secret, { maxBodyBytes: 64 * 1024, toleranceSec: 120 });
 * ```
 */
export interface ReadWebhookOptions extends UnwrapWebhookOptions {
  /** Larger bodies are rejected with `body_too_large` (413) without buffering them. @default 1 MiB */
  maxBodyBytes?: number;
}

/**
 * The default body bound: video events are a few hundred bytes.
 *
 * @example
 * ```ts
 * createWebhookHandler({ secret, onEvent, maxBodyBytes: DEFAULT_WEBHOOK_MAX_BODY_BYTES / 16 }); // 64 KiB
 * ```
 */
export const DEFAULT_WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

/**
 * A Node request, possibly decorated by a framework (Express `req.body`, NestJS `req.rawBody`).
 *
 * @example
 * ```ts
 * app.post('/webhooks', express.raw({ type: 'application/json' }), (req: WebhookRequest, res) => {});
 * ```
 */
export type WebhookRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

/** `maxBodyBytes` checked, with its default. */
export function resolveMaxBodyBytes(options: ReadWebhookOptions): number {
  const max = options.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(max) || max < 1) throw new ValidationError('maxBodyBytes', 'must be a whole number >= 1');
  return max;
}

const isBytes = (value: unknown): value is string | Uint8Array =>
  typeof value === 'string' || value instanceof Uint8Array;

function tooLarge(maxBytes: number): WebhookVerificationError {
  return new WebhookVerificationError('body_too_large', `the body is larger than ${maxBytes} bytes`);
}

/** Reads the request body, at most `maxBytes`; beyond that the rest is discarded unread. */
function readBounded(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      reject(tooLarge(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onClose);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        chunks.length = 0;
        req.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onClose = (): void => {
      cleanup();
      reject(new WebhookVerificationError('incomplete_body', 'the sender closed the connection mid-body'));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onClose);
    req.once('close', onClose);
  });
}

/** The raw body: one a framework kept (`rawBody`, or a raw/text `body`), else read from the stream. */
async function rawBodyOf(req: WebhookRequest, maxBytes: number): Promise<string | Uint8Array> {
  if (isBytes(req.rawBody)) return req.rawBody;
  if (isBytes(req.body)) return req.body;
  if (req.readableEnded) {
    throw new WebhookVerificationError(
      'raw_body_unavailable',
      'the raw body was already consumed by a body parser; mount express.raw({ type: "application/json" }) on this route',
    );
  }
  return readBounded(req, maxBytes);
}

/**
 * Reads a Node `http` / Express / NestJS request (the raw body, bounded) and verifies it with {@link unwrapWebhook}.
 * Rejects with a {@link WebhookVerificationError} whose `statusCode` is the answer to send (400, 413 or 500).
 *
 * @example
 * ```ts
 * http.createServer(async (req, res) => {
 *   try {
 *     const event = await readWebhookRequest(req, process.env.OPENAI_WEBHOOK_SECRET!);
 *     res.writeHead(204).end();
 *     console.log(event.type, event.data.id);
 *   } catch (e) {
 *     res.writeHead(isSoraError(e) ? e.statusCode : 500).end();
 *   }
 * });
 * ```
 */
export async function readWebhookRequest(
  req: WebhookRequest,
  secret: string,
  options: ReadWebhookOptions = {},
): Promise<VideoWebhookEvent> {
  const maxBytes = resolveMaxBodyBytes(options);
  const body = await rawBodyOf(req, maxBytes);
  if ((typeof body === 'string' ? Buffer.byteLength(body) : body.length) > maxBytes) throw tooLarge(maxBytes);
  return unwrapWebhook(body, req.headers, secret, options);
}
