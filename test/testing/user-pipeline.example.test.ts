// Docs example: marble-testing your own pipeline built on sora-rx, with the real client on a TestScheduler.
import { last, map, switchMap, type Observable } from 'rxjs';
import { expect, it } from 'vitest';
// In your project: `from 'sora-rx'` and `from 'sora-rx/testing'`.
import { createSoraClient, type SoraClient } from '../../src/index.js';
import { createFakeTransport, createMarbleScheduler, videoFixture } from '../../src/testing/index.js';

// The code under test: create a clip, wait until it is done, report its id and length.
function renderClip(sora: SoraClient, prompt: string): Observable<{ id: string; seconds: string | undefined }> {
  return sora.createVideo({ prompt, seconds: 8 }).pipe(
    switchMap((created) => sora.watchVideo(created.id)),
    last(),
    map((done) => ({ id: done.id, seconds: done.seconds })),
  );
}

it('renders a clip, riding out a 503 while polling', () => {
  const scheduler = createMarbleScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(({ expectObservable }) => {
    const queued = videoFixture({ id: 'video_1', status: 'queued', seconds: '8' });
    const running = { ...queued, status: 'in_progress' as const, progress: 50 };
    const done = videoFixture({ id: 'video_1', status: 'completed', seconds: '8' });
    const transport = createFakeTransport(
      [
        { method: 'POST', path: '/videos', reply: { body: queued } },
        {
          method: 'GET',
          path: '/videos/video_1',
          reply: { body: running, headers: { 'openai-poll-after-ms': '1000' } },
        },
        { method: 'GET', path: '/videos/video_1', reply: { status: 503, headers: { 'retry-after-ms': '200' } } },
        { method: 'GET', path: '/videos/video_1', reply: { body: done } },
      ],
      { scheduler, latencyMs: 10 },
    );
    const sora = createSoraClient({ transport, scheduler, apiKey: 'test', logLevel: 'silent' });

    // create answers at 10 ms, first poll at 20 ms, next poll sent at 1020 ms gets a 503 at 1030 ms,
    // the retry after 200 ms is answered at 1240 ms.
    expectObservable(renderClip(sora, 'a red fox in snow')).toBe('1240ms (r|)', {
      r: { id: 'video_1', seconds: '8' },
    });
  });
});
