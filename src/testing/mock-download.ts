import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { Observable } from 'rxjs';
import type { DownloadDestination, DownloadProgress } from '../streams/videos/types.js';

/**
 * Writes `bytes` to a path (atomically: a `.part` file renamed into place) or a `Writable` (ended afterwards),
 * emitting `{ bytesWritten: half, done: false }` then `{ bytesWritten: all, done: true }`, like a download.
 *
 * @example
 * ```ts
 * writeMockContent('out.mp4', MOCK_CONTENT.video).subscribe((p) => console.log(p.bytesWritten, p.done));
 * ```
 */
export function writeMockContent(destination: DownloadDestination, bytes: Uint8Array): Observable<DownloadProgress> {
  return new Observable<DownloadProgress>((subscriber) => {
    let active = true;
    const totalBytes = bytes.length;
    const half = Math.floor(totalBytes / 2);
    const path = typeof destination === 'string' ? destination : undefined;
    subscriber.next({ bytesWritten: half, totalBytes, done: false });
    const written =
      path === undefined ? writeToStream(destination as Writable, bytes) : writeAtomically(path, bytes, () => active);
    written.then(
      () => {
        subscriber.next({ bytesWritten: totalBytes, totalBytes, done: true, ...(path === undefined ? {} : { path }) });
        subscriber.complete();
      },
      (e: unknown) => subscriber.error(e),
    );
    return () => {
      active = false;
    };
  });
}

async function writeAtomically(path: string, bytes: Uint8Array, active: () => boolean): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.part`;
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    if (!active()) throw new Error('download unsubscribed');
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

function writeToStream(stream: Writable, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(Buffer.from(bytes), () => resolve());
  });
}
