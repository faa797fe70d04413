import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { SoraError } from '../errors/sora-error.js';

/** Content codings sora-rx decodes itself (axios runs with `decompress: false`, so every byte is counted here). */
const DECODERS: Readonly<Record<string, () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress>> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** The `Accept-Encoding` sent by default: exactly the codings {@link decodedBody} decodes. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * The decoded body of a response: `raw` itself for no (or `identity`) `Content-Encoding`, else `raw` piped through
 * the decoder (gzip, deflate, br). Destroying the result destroys `raw` (and its socket). Sizes are bounded by the
 * reader of the result, so a gzip bomb is cut after the bound of DECODED bytes.
 *
 * @throws SoraError code `unsupported_encoding` (non-retryable) for any other coding; `raw` is destroyed.
 * @example
 * ```ts
 * const body = decodedBody(res.data, res.headers['content-encoding']);
 * ```
 */
export function decodedBody(raw: Readable, contentEncoding: string | undefined): Readable {
  const coding = contentEncoding?.trim().toLowerCase();
  if (!coding || coding === 'identity') return raw;
  const decoder = DECODERS[coding];
  if (!decoder) {
    raw.destroy();
    throw new SoraError(`Response uses an unsupported Content-Encoding (${coding.slice(0, 40)})`, {
      code: 'unsupported_encoding',
      statusCode: 502,
      retryable: false,
    });
  }
  // `pipeline` destroys every stream when one fails or the last one is destroyed; the error surfaces on the
  // decoder (its reader sees it), so the callback has nothing left to do.
  return pipeline(raw, decoder(), () => undefined);
}

/**
 * Response headers once the body was decoded: `content-encoding` and `content-length` (which counted the encoded
 * bytes) are dropped. Unchanged when nothing was decoded.
 *
 * @example
 * ```ts
 * const headers = decodedHeaders(raw, decoded, lowerCaseHeaders);
 * ```
 */
export function decodedHeaders(
  raw: Readable,
  decoded: Readable,
  headers: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  if (raw === decoded) return headers;
  const out = { ...headers };
  delete out['content-encoding'];
  delete out['content-length'];
  return out;
}
