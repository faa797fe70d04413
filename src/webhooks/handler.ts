import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveUnwrapOptions } from './options.js';
import { readWebhookRequest, resolveMaxBodyBytes, type ReadWebhookOptions } from './read-request.js';
import { webhookSigner } from './secret.js';
import type { VideoWebhookEvent } from '../streams/poller/webhook-event.js';
import { WebhookVerificationError } from './verification-error.js';

/**
 * Options of {@link createWebhookHandler}.
 *
 * @example
 * ```ts
 * const options: WebhookHandlerOptions = { secret, onEvent: (e) => jobs.markDone(e.data.id), onError: log.warn };
 * ```
 */
export interface WebhookHandlerOptions extends ReadWebhookOptions {
  /** The endpoint's signing secret (`whsec_…`). */
  secret: string;
  /**
   * Gets each verified event. The `2xx` waits for a returned promise; a throw or rejection answers `500`, so the
   * sender redelivers (Standard Webhooks senders retry non-2xx with backoff).
   */
  onEvent: (event: VideoWebhookEvent) => void | PromiseLike<void>;
  /** Gets every rejected request's {@link WebhookVerificationError} and every `onEvent` failure (for logging). */
  onError?: (error: unknown) => void;
}

/**
 * A `(req, res)` listener for `http.createServer`, an Express route or a NestJS controller.
 *
 * @example
 * ```ts
 * const listener: WebhookRequestHandler = createWebhookHandler({ secret, onEvent });
 * http.createServer(listener);
 * ```
 */
export type WebhookRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

function answer(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function reject(res: ServerResponse, error: WebhookVerificationError): void {
  const body = { error: { code: error.code, reason: error.reason, message: error.message } };
  answer(res, error.statusCode, body, error.reason === 'body_too_large' ? { connection: 'close' } : {});
}

/**
 * A Node `http` / Express request listener that verifies each request with {@link unwrapWebhook} (raw body read
 * bounded by `maxBodyBytes`), hands the event to `onEvent` and answers `204`; a bad signature, timestamp or payload
 * answers `400`, an oversized body `413`, a method other than POST `405`, an `onEvent` failure `500`. The secret
 * and options are checked at once (a `ValidationError` here, not on the first request).
 *
 * @example
 * ```ts
 * const handler = createWebhookHandler({
 *   secret: process.env.OPENAI_WEBHOOK_SECRET!,
 *   onEvent: (event) => console.log(event.type, event.data.id),
 * });
 * http.createServer(handler).listen(8080); // or: app.post('/webhooks/openai', handler)
 * ```
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookRequestHandler {
  webhookSigner(options.secret);
  resolveUnwrapOptions(options);
  resolveMaxBodyBytes(options);
  const { secret, onEvent, onError } = options;
  const report = (error: unknown): void => {
    try {
      onError?.(error);
    } catch {
      // A failing logger must not turn into an unhandled rejection.
    }
  };
  return (req, res) => {
    if ((req.method ?? 'POST').toUpperCase() !== 'POST') {
      req.resume();
      answer(res, 405, { error: { code: 'method_not_allowed', message: 'Webhooks are POSTed' } }, { allow: 'POST' });
      return;
    }
    readWebhookRequest(req, secret, options)
      .then(async (event) => {
        try {
          await onEvent(event);
        } catch (error) {
          report(error);
          answer(res, 500, { error: { code: 'webhook_handler_failed', message: 'The event was not processed' } });
          return;
        }
        answer(res, 204);
      })
      .catch((error: unknown) => {
        report(error);
        if (error instanceof WebhookVerificationError) reject(res, error);
        else answer(res, 500, { error: { code: 'webhook_handler_failed', message: 'The event was not processed' } });
      });
  };
}
