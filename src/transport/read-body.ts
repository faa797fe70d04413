import type { Readable } from 'node:stream';

/** At most this many bytes of an error body are read from a stream. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Reads a (small) error body from a response stream as text, so the JSON error envelope can be parsed.
 * Stops and destroys the stream after {@link MAX_ERROR_BODY_BYTES}; a broken stream gives what was read.
 */
export async function readErrorBody(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      chunks.push(buf);
      size += buf.length;
      if (size >= MAX_ERROR_BODY_BYTES) break;
    }
  } catch {
    // a truncated error body still says something
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY_BYTES);
}
