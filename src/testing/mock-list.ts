import { concatMap, defer, EMPTY, expand, from, type Observable, tap } from 'rxjs';
import type { Video, VideoList, VideoListParams } from '../streams/videos/types.js';

/**
 * Emits every video of the pages `fetchPage` returns, following `after = last_id` while `has_more`, lazily like the
 * real `listVideos`: the next page is fetched only after the current one was emitted and the subscriber is
 * still there (so `take(n)` with `limit: n` fetches one page).
 *
 * ```text
 * pages:   p1(has_more)--p2(has_more)--p3|
 * videos:  (a b)---------(c d)---------(e|)
 * ```
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
  return defer(() => {
    let index = 0;
    // `expand` subscribes to the next page even when the subscriber left while this page's videos were emitted.
    let stopped = false;
    const load = (after: string | undefined): Observable<VideoList> =>
      defer(() => (stopped ? EMPTY : fetchPage({ ...params, after }, index++)));
    return load(params.after).pipe(
      expand((page) => {
        const next = page.has_more && page.data.length > 0 ? page.last_id : null;
        return next ? load(next) : EMPTY;
      }),
      concatMap((page) => from(page.data)),
      tap({ finalize: () => (stopped = true) }),
    );
  });
}
