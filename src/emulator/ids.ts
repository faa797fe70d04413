import { randomBytes } from 'node:crypto';

const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

/** `bytes` random bytes as hex, drawn from a pooled buffer (cheap on the hot path). */
export function randomHex(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/** A request id like the API's: `req_<32 hex>`. */
export const newRequestId = (): string => `req_${randomHex(16)}`;

/** A video id: `video_<32 hex>`. */
export const newVideoId = (): string => `video_${randomHex(16)}`;

/** A character id: `char_<32 hex>`. */
export const newCharacterId = (): string => `char_${randomHex(16)}`;
