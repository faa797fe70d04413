import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { streamToDestination } from '../../../src/streams/videos/stream-to-destination.js';

/** A body that fails before the destination file could even be opened (a reset right after the headers). */
function failingAtOnce(): Readable {
  return new Readable({
    read() {
      this.destroy(new Error('socket hang up'));
    },
  });
}

describe('streamToDestination to a path', () => {
  it('a body that fails before the .part file is open leaves no file once the error is delivered', async () => {
    for (let i = 0; i < 20; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'sora-rx-part-'));
      const err = await lastValueFrom(streamToDestination(failingAtOnce(), 1000, join(dir, 'v.mp4'))).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      // Checked synchronously at the error: the stream's open completes after its destroy, so removing the
      // .part before the stream closed used to leave it behind.
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('unsubscribing mid-body leaves no file once the stream has closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sora-rx-part-'));
    const body = new Readable({ read() {} });
    body.push(Buffer.alloc(1024));
    const sub = streamToDestination(body, 10_000, join(dir, 'v.mp4')).subscribe({ error: () => undefined });
    await new Promise((r) => setTimeout(r, 20));
    sub.unsubscribe();
    for (let i = 0; i < 100 && readdirSync(dir).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(dir)).toEqual([]);
  });
});
