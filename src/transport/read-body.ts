import type { Readable } from 'node:stream';
import { MAX_ERROR_BODY_BYTES } from '../config/defaults.js';
import { ResponseTooLargeError } from '../errors/response-errors.js';
import type { SoraError } from '../errors/sora-error.js';
import { ConnectionError } from '../errors/request-errors.js';
import { errorCode, mapNetworkError } from './map-error.js';

export { MAX_ERROR_BODY_BYTES };

/** What a bounded read needs to name the response in its error. */
export interface BodyContext {
  status: number;
  requestId?: string;
}

/**
 * Reads a (decoded) response body into one Buffer, at most `limitBytes`. One byte more destroys the stream (and
 * with it the socket) and rejects with `ResponseTooLargeError`, so memory stays within about twice the bound
 * (the chunks plus their concatenation). A stream that breaks rejects with the mapped network error
 * (`ConnectionError` phase `transfer`); one that closes before its end with `ConnectionError` too.
 *
 * @example
 * ```ts
 * const text = (await readBoundedBody(res.data, 10 * 1024 * 1024, { status: 200 })).toString('utf8');
 * ```
 */
export function readBoundedBody(stream: Readable, limitBytes: number, context: BodyContext): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    // The listeners below run once per response; the typed errors are built only when one is the outcome (an
    // Error's stack capture is the dearest thing on this path, and a finished body still emits 'close').
    const detach = (): void => {
      done = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onClose);
      // 'error' stays attached (a no-op once done): a late error must never become an unhandled 'error' event.
    };
    const fail = (error: SoraError): void => {
      detach();
      chunks.length = 0;
      stream.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer | string): void => {
      if (done) return;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limitBytes) {
        fail(new ResponseTooLargeError(limitBytes, { status: context.status, requestId: context.requestId }));
        return;
      }
      chunks.push(buf);
    };
    const onEnd = (): void => {
      if (done) return;
      detach();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: unknown): void => {
      if (!done) fail(mapBodyError(error));
    };
    const onClose = (): void => {
      if (!done) fail(new ConnectionError('Connection closed before the response body ended', { phase: 'transfer' }));
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}

/**
 * Reads an error body as text, at most 64 KiB ({@link MAX_ERROR_BODY_BYTES}); beyond that the stream is destroyed
 * and this rejects with `ResponseTooLargeError`. A body that breaks off gives what was read (a truncated error
 * body still says something).
 *
 * @example
 * ```ts
 * const text = await readErrorBody(res.data, { status: 500 });
 * ```
 */
export async function readErrorBody(stream: Readable, context: BodyContext = { status: 0 }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buf.length;
      if (size > MAX_ERROR_BODY_BYTES) {
        throw new ResponseTooLargeError(MAX_ERROR_BODY_BYTES, {
          status: context.status,
          requestId: context.requestId,
        });
      }
      chunks.push(buf);
    }
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw error;
    // a truncated error body still says something
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).toString('utf8');
}

function mapBodyError(error: unknown): SoraError {
  const mapped = mapNetworkError(error);
  if (mapped instanceof ConnectionError) return mapped;
  // A stream failing after the headers (a reset, a corrupt gzip) is a transfer failure, whatever its code.
  const corrupt = errorCode(error)?.startsWith('Z_') === true;
  return new ConnectionError(`Response body failed: ${mapped.message}`, {
    phase: 'transfer',
    code: corrupt ? 'invalid_encoding' : 'connection_error',
    cause: mapped.cause,
  });
}
