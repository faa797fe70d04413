import { concat, concatMap, defer, map, of, skipWhile } from 'rxjs';
import type { Observable, SchedulerLike } from 'rxjs';
import type { CheckedCreate } from '../streams/videos/create-video.js';
import { downloadedEvent } from '../streams/videos/generate-video.js';
import type { GenerateDownloadOptions, GenerateVideoEvent, Video } from '../streams/videos/types.js';
import type { ResolvedSchedule } from '../streams/videos/watch-schedule.js';
import { MOCK_CONTENT } from './fixtures.js';
import { writeMockContent } from './mock-download.js';
import type { MockVideoStore } from './mock-store.js';
import { watchStoredVideo } from './mock-watch.js';
import { type StatusAliases, videoPhase } from '../streams/videos/video-phase.js';

/** What {@link generateStoredVideo} runs on. @example generateStoredVideo({ store, scheduler, create }, checked, schedule, undefined); */
export interface MockGenerateDeps {
  store: MockVideoStore;
  scheduler: SchedulerLike;
  /** Stores the new job (and starts auto-advance). */
  create: (checked: CheckedCreate) => Video;
  /** The client's status table. @default STATUS_ALIASES */
  aliases?: StatusAliases;
}

/**
 * `generateVideo` over the mock store: `created`, `progress` per change, `completed`, then `downloaded`.
 *
 * @example
 * ```ts
 * generateStoredVideo(deps, checkCreate({ prompt: 'a fox' }), resolveSchedule({}), undefined).subscribe(console.log);
 * ```
 */
export function generateStoredVideo(
  deps: MockGenerateDeps,
  checked: CheckedCreate,
  schedule: ResolvedSchedule,
  download: GenerateDownloadOptions | undefined,
): Observable<GenerateVideoEvent> {
  return defer(() => {
    const created = deps.create(checked);
    const done = (v: Video): boolean => videoPhase(v.status, deps.aliases) === 'completed';
    const watched$ = watchStoredVideo(deps.store, created.id, schedule, deps.scheduler, deps.aliases).pipe(
      skipWhile((v, i) => i === 0 && v.status === created.status && v.progress === created.progress),
      map((video): GenerateVideoEvent => ({ type: done(video) ? 'completed' : 'progress', video })),
      concatMap((event) =>
        event.type === 'completed' && download ? concat(of(event), downloadAll(event.video, download)) : of(event),
      ),
    );
    return concat(of<GenerateVideoEvent>({ type: 'created', video: created }), watched$);
  });
}

function downloadAll(video: Video, download: GenerateDownloadOptions): Observable<GenerateVideoEvent> {
  return downloadedEvent(video, download, (variant, destination) =>
    writeMockContent(destination, MOCK_CONTENT[variant ?? 'video']),
  );
}
