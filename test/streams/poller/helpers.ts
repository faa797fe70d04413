import type { Observable, ObservableInput, SchedulerLike } from 'rxjs';
import { DEFAULT_POLLING } from '../../../src/config/defaults.js';
import type { PollingConfig } from '../../../src/config/options.js';
import type { VideoWebhookEvent } from '../../../src/streams/poller/webhook-event.js';
import type { HttpRequest, HttpResponse } from '../../../src/transport/types.js';
import type { Video, VideoList } from '../../../src/streams/videos/types.js';
import { noopLogger, type LoggerLike } from '../../../src/telemetry/logger-like.js';
import { createFakeRuntime, ok, video, type FakeRuntime } from '../videos/fake-runtime.js';

/** A fake runtime with polling settings, webhook events and a logger that keeps `info` lines. */
export interface PollerRuntime extends FakeRuntime {
  readonly infos: string[];
}

/** Answers by request: `list(request, n)` for `GET /videos`, `retrieve(id, n)` for `GET /videos/{id}`. */
export interface Routes {
  list?: (request: HttpRequest, n: number) => Observable<HttpResponse<unknown>>;
  retrieve: (id: string, n: number) => Observable<HttpResponse<unknown>>;
}

export function pollerRuntime(
  routes: Routes,
  scheduler: SchedulerLike,
  polling: Partial<PollingConfig> = {},
  webhookEvents?: ObservableInput<VideoWebhookEvent>,
): PollerRuntime {
  const fake = createFakeRuntime((request, n) => {
    if (request.path === '/videos') {
      if (!routes.list) throw new Error('unexpected list request');
      return routes.list(request, n);
    }
    return routes.retrieve(decodeURIComponent(request.path.slice('/videos/'.length)), n);
  }, scheduler);
  const infos: string[] = [];
  const logger: LoggerLike = {
    ...noopLogger,
    info: (...args: unknown[]) => void infos.push(String(args[1] ?? args[0])),
    child: () => logger,
  };
  return {
    ...fake,
    logger,
    infos,
    config: { ...fake.config, polling: { ...DEFAULT_POLLING, ...polling } },
    ...(webhookEvents === undefined ? {} : { webhookEvents }),
  };
}

/** A list page of `videos`. */
export function page(videos: Video[], hasMore = false): HttpResponse<VideoList> {
  return ok({
    object: 'list',
    data: videos,
    first_id: videos[0]?.id ?? null,
    last_id: videos.at(-1)?.id ?? null,
    has_more: hasMore,
  } as VideoList);
}

/** `video_<n>` in a given state. */
export function vid(n: number, over: Partial<Video> = {}): Video {
  return video({ id: `video_${n}`, created_at: 1000 + n, ...over });
}

/** What the fake runtime was asked, as short strings: `list`, `list after=video_3`, `get video_1`. */
export function asked(rt: FakeRuntime): string[] {
  return rt.calls.map(({ request }) =>
    request.path === '/videos'
      ? `list${request.query?.['after'] === undefined ? '' : ` after=${String(request.query['after'])}`}`
      : `get ${decodeURIComponent(request.path.slice('/videos/'.length))}`,
  );
}
