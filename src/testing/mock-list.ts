import { Observable, Subscription } from 'rxjs';
import type { Video, VideoList, VideoListParams } from '../streams/videos/types.js';

/**
 * Emits every video of the pages `fetchPage` returns, following `after = last_id` while `has_more`, lazily like the
 * real `listVideos`: the next page is fetched only after the current one was emitted and the subscriber is
 * still there (so `take(n)` with `limit: n` fetches one page).
 *
 * @example
 * ```ts
 * paginateMock({ limit: 2 }, (p) => of(store.page(p))).pipe(take(3)).subscribe((v) => console.log(v.id));
 * ```
 */
export function paginateMock(
  params: VideoListParams,
  fetchPage: (params: VideoListParams, index: number) => Observable<VideoList>,
): Observable<Video> {
  return new Observable<Video>((subscriber) => {
    const pages = new Subscription();
    let index = 0;
    const load = (after: string | undefined): void => {
      let page: VideoList | undefined;
      const sub = fetchPage({ ...params, after }, index++).subscribe({
        next: (p) => (page = p),
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          if (!page) return subscriber.complete();
          for (const video of page.data) {
            if (subscriber.closed) return;
            subscriber.next(video);
          }
          if (subscriber.closed) return;
          const next = page.has_more && page.data.length > 0 ? page.last_id : null;
          if (next) load(next);
          else subscriber.complete();
        },
      });
      pages.add(sub);
    };
    load(params.after);
    return pages;
  });
}
