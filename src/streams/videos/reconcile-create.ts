import { EMPTY, expand, map, reduce } from 'rxjs';
import type { Observable } from 'rxjs';
import type { OperationScope } from '../runtime-types.js';
import type { Video, VideoList } from './types.js';
import { bodyAs, parseVideoList } from './response-shape.js';

/** Clock skew tolerated between this host and the API when matching `created_at`, in seconds. */
export const RECONCILE_SKEW_SECONDS = 2;
/** Page size of a reconciliation listing (the API's maximum). */
export const RECONCILE_LIST_LIMIT = 100;
/** A reconciliation reads at most this many pages, newest first, stopping at the first video older than the call. */
export const RECONCILE_MAX_PAGES = 10;

/** What identifies "the video this create would have made". Unset fields are not compared. */
export interface CreateFingerprint {
  prompt: string;
  model?: string;
  seconds?: string;
  size?: string;
}

/**
 * The video in `videos` that an ambiguous create attempt started at `attemptStartMs` (epoch ms) most likely made:
 * created at or after the start (minus {@link RECONCILE_SKEW_SECONDS}) with the same prompt, model, seconds and size.
 * A dated snapshot counts as its alias (`sora-2-2025-10-06` matches a request for `sora-2`). The earliest such video
 * wins. `created_at` is compared in seconds, which `parseVideo` guarantees whether the server sent seconds or
 * milliseconds. A video without `created_at` or `prompt` (some providers omit them) is never adopted; a model,
 * seconds or size the server omitted is not compared.
 *
 * @example
 * ```ts
 * findCreatedVideo(page.data, { prompt: 'a fox', seconds: '8' }, attemptStart); // Video | undefined
 * ```
 */
export function findCreatedVideo(
  videos: readonly Video[],
  fingerprint: CreateFingerprint,
  attemptStartMs: number,
): Video | undefined {
  const since = Math.floor(attemptStartMs / 1000) - RECONCILE_SKEW_SECONDS;
  const same = (expected: string | undefined, actual: string | undefined): boolean =>
    expected === undefined || actual === undefined || expected === actual;
  const sameModel = (expected: string | undefined, actual: string | undefined): boolean =>
    same(expected, actual) ||
    (expected !== undefined &&
      actual !== undefined &&
      /^\d{4}-\d{2}-\d{2}$/.test(actual.slice(expected.length + 1)) &&
      actual.startsWith(`${expected}-`));
  const createdAt = (v: Video): number => v.created_at ?? Number.NEGATIVE_INFINITY;
  return videos
    .filter(
      (v) =>
        createdAt(v) >= since &&
        v.prompt === fingerprint.prompt &&
        sameModel(fingerprint.model, v.model) &&
        same(fingerprint.seconds, v.seconds) &&
        same(fingerprint.size, v.size),
    )
    .sort((a, b) => createdAt(a) - createdAt(b))[0];
}

/**
 * Why a reconciliation could not decide: the server's videos lack the `prompt` or `created_at` to compare (LiteLLM
 * sends no `prompt`). Sending the create again could then make a second, billable job, so `createVideo` gives up
 * with the `AmbiguousRequestError` instead.
 *
 * @example
 * ```ts
 * reconcileCreate(scope, fingerprint, start).subscribe({ error: (e) => e instanceof ReconcileInconclusiveError });
 * ```
 */
export class ReconcileInconclusiveError extends Error {
  override readonly name = 'ReconcileInconclusiveError';
}

/**
 * Lists recent videos, newest first (`GET /videos?order=desc&limit=100`, through the pipeline), page after page
 * until a page reaches back past the attempt's start (or {@link RECONCILE_MAX_PAGES}), and returns the one an
 * ambiguous create made, or `undefined`. A burst of concurrent creates therefore stays inside the window. When no
 * video matches and some listed video has no `prompt` or `created_at`, it errors with
 * {@link ReconcileInconclusiveError}: "not created" cannot be told from "cannot compare".
 *
 * @example
 * ```ts
 * reconcileCreate(scope, { prompt: 'a fox' }, attemptStart).subscribe((v) => console.log(v?.id ?? 'not created'));
 * ```
 */
export function reconcileCreate(
  scope: OperationScope,
  fingerprint: CreateFingerprint,
  attemptStartMs: number,
): Observable<Video | undefined> {
  const since = Math.floor(attemptStartMs / 1000) - RECONCILE_SKEW_SECONDS;
  const page = (after: string | undefined): Observable<VideoList> =>
    scope
      .send<VideoList>({
        method: 'GET',
        path: '/videos',
        pathTemplate: '/videos',
        query: { order: 'desc', limit: RECONCILE_LIST_LIMIT, after },
      })
      .pipe(map((res) => bodyAs(res, parseVideoList, 'VideoList')));
  return page(undefined).pipe(
    expand((list, index) => {
      const oldest = list.data.at(-1);
      const more = list.has_more && oldest?.created_at !== undefined && oldest.created_at >= since;
      return more && index + 1 < RECONCILE_MAX_PAGES ? page(oldest.id) : EMPTY;
    }, 1),
    reduce((seen: Video[], list) => seen.concat(list.data), []),
    map((videos) => {
      const found = findCreatedVideo(videos, fingerprint, attemptStartMs);
      if (found || videos.every((v) => v.created_at !== undefined && v.prompt !== undefined)) return found;
      throw new ReconcileInconclusiveError(
        'cannot reconcile: the listed videos carry no prompt or created_at to compare, so the create is not resent',
      );
    }),
  );
}
