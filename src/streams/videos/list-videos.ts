import { Observable, Subscription } from 'rxjs';
import type { RequestOptions } from '../../config/options.js';
import { PaginationLoopError } from '../../errors/response-errors.js';
import type { OperationScope, SoraRuntime } from '../runtime-types.js';
import type { Video, VideoList, VideoListParams } from './types.js';
import { checkListParams } from './validate.js';
import { validated } from './validated.js';
import { bodyAs, parseVideoList } from './response-shape.js';

/**
 * `GET /videos`: emits every video, page after page, following `after = last_id` while `has_more`. Lazy: one page
 * is in flight at a time and the next is requested only after every video of the current page was emitted and the
 * subscriber is still there, so `take(5)` with `limit: 5` sends exactly one request. Stops when `has_more` is
 * false, a page is empty (even with `has_more: true`), or `last_id` is missing (like the SDK's cursor page).
 * A server that goes round in circles (a cursor seen before, a → b → a, or the same page again) errors with
 * `PaginationLoopError` once the repeat is detected, before the repeated page's videos are emitted again.
 *
 * @example
 * ```ts
 * listVideos(runtime, { limit: 20, order: 'desc' }).pipe(take(50)).subscribe((v) => console.log(v.id, v.status));
 * ```
 */
export function listVideos(
  runtime: SoraRuntime,
  params?: VideoListParams,
  options?: RequestOptions,
): Observable<Video> {
  return validated(
    () => checkListParams(params),
    (checked) => runtime.operation('listVideos', options, (scope) => paginate(scope, checked)),
  );
}

/**
 * Fetches one page.
 *
 * @example
 * ```ts
 * fetchPage(scope, { limit: 1 }).subscribe((res) => res.data.has_more);
 * ```
 */
export function fetchPage(scope: OperationScope, params: VideoListParams): Observable<VideoList> {
  return new Observable<VideoList>((subscriber) =>
    scope
      .send<VideoList>({
        method: 'GET',
        path: '/videos',
        pathTemplate: '/videos',
        query: { limit: params.limit, order: params.order, after: params.after },
      })
      .subscribe({
        next: (res) => {
          let page: VideoList;
          try {
            page = bodyAs(res, parseVideoList, 'VideoList');
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.next(page);
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      }),
  );
}

function paginate(scope: OperationScope, params: VideoListParams): Observable<Video> {
  return new Observable<Video>((subscriber) => {
    const pages = new Subscription();
    const loop = new LoopDetector(params.after);
    const load = (after: string | undefined): void => {
      let page: VideoList | undefined;
      const sub = fetchPage(scope, { ...params, after }).subscribe({
        next: (p) => (page = p),
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          if (!page) return subscriber.complete();
          const repeated = loop.repeatedPage(page);
          if (repeated) return subscriber.error(repeated);
          for (const video of page.data ?? []) {
            if (subscriber.closed) return;
            subscriber.next(video);
          }
          if (subscriber.closed) return;
          const next = page.has_more && page.data.length > 0 ? page.last_id : null;
          if (!next) return subscriber.complete();
          const looped = loop.repeatedCursor(next);
          if (looped) return subscriber.error(looped);
          load(next);
        },
      });
      pages.add(sub); // a page that completed synchronously is already closed: add() ignores it
    };
    load(params.after);
    return pages;
  });
}

/** Remembers the cursors and pages of one listing to catch a server that goes round in circles. */
class LoopDetector {
  private readonly cursors = new Set<string>();
  private readonly pages = new Set<string>();

  constructor(first: string | undefined) {
    if (first) this.cursors.add(first);
  }

  /** An error when `cursor` was followed before (it is remembered otherwise). */
  repeatedCursor(cursor: string): PaginationLoopError | undefined {
    if (this.cursors.has(cursor)) return new PaginationLoopError(cursor, 'cursor');
    this.cursors.add(cursor);
    return undefined;
  }

  /** An error when a non-empty page with the same videos (first id, last id, count) came before. */
  repeatedPage(page: VideoList): PaginationLoopError | undefined {
    const data = page.data ?? [];
    if (data.length === 0) return undefined;
    const last = data[data.length - 1]!.id;
    const key = `${data.length}\u0000${data[0]!.id}\u0000${last}`;
    if (this.pages.has(key)) return new PaginationLoopError(last, 'page');
    this.pages.add(key);
    return undefined;
  }
}
