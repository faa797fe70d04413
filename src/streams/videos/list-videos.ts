import { concatMap, defer, EMPTY, expand, from, map, type Observable, tap, throwError } from 'rxjs';
import type { RequestOptions } from '../../config/options.js';
import { PaginationLimitError, PaginationLoopError } from '../../errors/response-errors.js';
import type { OperationScope, SoraRuntime } from '../runtime-types.js';
import type { Video, VideoList, VideoListParams } from './types.js';
import { checkListParams } from './validate.js';
import { validated } from './validated.js';
import { bodyAs, parseVideoList } from './response-shape.js';

/** Default bound on the pages one listing fetches (`VideoListParams.maxPages`). */
export const DEFAULT_MAX_LIST_PAGES = 10_000;

/**
 * `GET /videos`: emits every video, page after page, following `after = last_id` while `has_more`. Lazy: one page
 * is in flight at a time and the next is requested only after every video of the current page was emitted and the
 * subscriber is still there, so `take(5)` with `limit: 5` sends exactly one request. Stops when `has_more` is
 * false, a page is empty (even with `has_more: true`), or `last_id` is missing (like the SDK's cursor page).
 * A server that goes round in circles (a cursor seen before, a → b → a, or the same page again) errors with
 * `PaginationLoopError` once the repeat is detected, before the repeated page's videos are emitted again; one that
 * invents fresh cursors forever errors with `PaginationLimitError` instead of fetching page `maxPages + 1`
 * (default {@link DEFAULT_MAX_LIST_PAGES}).
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
 * Fetches one page of `GET /videos`, the body checked as a `VideoList` (shared by `listVideos` and the poller's
 * list reads).
 *
 * @example
 * ```ts
 * fetchPage(scope, { limit: 1 }).subscribe((page) => page.has_more);
 * ```
 */
export function fetchPage(scope: OperationScope, params: VideoListParams): Observable<VideoList> {
  return scope
    .send<unknown>({
      method: 'GET',
      path: '/videos',
      pathTemplate: '/videos',
      query: { limit: params.limit, order: params.order, after: params.after },
    })
    .pipe(map((res) => bodyAs(res, parseVideoList, 'VideoList')));
}

/**
 * The listing as a composition: `expand` follows the cursor (`EMPTY` ends it), `concatMap` emits each page's
 * videos, the loop detector and the page count error before a repeated page is emitted or an extra page is sent.
 *
 * ```text
 * pages:   -p1----------p2---------p3|        (p3: has_more false)
 * videos:  -(a b)-------(c d)------(e|)
 * ```
 */
function paginate(scope: OperationScope, params: VideoListParams): Observable<Video> {
  const maxPages = params.maxPages ?? DEFAULT_MAX_LIST_PAGES;
  return defer(() => {
    const loop = new LoopDetector(params.after);
    let fetched = 0;
    // `expand` subscribes to the next page right after handing the current one downstream, even when the subscriber
    // left while its videos were emitted (`take(n)`): `stopped` keeps that page from being sent.
    let stopped = false;
    const load = (after: string | undefined): Observable<VideoList> =>
      defer(() => {
        if (stopped) return EMPTY;
        if (++fetched > maxPages) return throwError(() => new PaginationLimitError(maxPages));
        return fetchPage(scope, { ...params, after }).pipe(map((page) => loop.checkedPage(page)));
      });
    return load(params.after).pipe(
      expand((page) => {
        const next = nextCursor(page);
        if (!next) return EMPTY;
        const looped = loop.repeatedCursor(next);
        return looped ? throwError(() => looped) : load(next);
      }),
      concatMap((page) => from(page.data ?? [])),
      // `tap`'s finalize is registered before the source is subscribed (unlike `finalize`), so it also fires when a
      // synchronous source's subscriber leaves during the subscribe call.
      tap({ finalize: () => (stopped = true) }),
    );
  });
}

/** The cursor of the page after `page`, or `undefined` when the listing ends there. */
function nextCursor(page: VideoList): string | undefined {
  return page.has_more && (page.data ?? []).length > 0 ? (page.last_id ?? undefined) : undefined;
}

/**
 * Remembers the cursors and page fingerprints (count, first id, last id: never whole pages) of one listing to catch
 * a server that goes round in circles. Bounded by the listing's page bound.
 */
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

  /** `page`, or throws when a non-empty page with the same fingerprint came before (it is remembered otherwise). */
  checkedPage(page: VideoList): VideoList {
    const data = page.data ?? [];
    if (data.length === 0) return page;
    const last = data[data.length - 1]!.id;
    const key = `${data.length}\u0000${data[0]!.id}\u0000${last}`;
    if (this.pages.has(key)) throw new PaginationLoopError(last, 'page');
    this.pages.add(key);
    return page;
  }
}
