import { Subject } from 'rxjs';
import type { Observable } from 'rxjs';
import type {
  Video,
  VideoCharacter,
  VideoCreateError,
  VideoList,
  VideoListParams,
  VideoStatus,
} from '../streams/videos/types.js';
import { apiErrorFor, videoNotFound } from './mock-errors.js';

/**
 * A change of one stored video; `video` is `undefined` when it was deleted.
 *
 * @example
 * ```ts
 * store.changes$.subscribe((c: MockVideoChange) => console.log(c.id, c.video?.status ?? 'deleted'));
 * ```
 */
export interface MockVideoChange {
  id: string;
  video: Video | undefined;
}

/** Default page size of `GET /videos` (as the API). @example sora.listVideos(); // pages of MOCK_LIST_LIMIT */
export const MOCK_LIST_LIMIT = 20;

/** The error a job gets when moved to `failed` without one. @example sora.setStatus(id, 'failed'); // error: MOCK_JOB_ERROR */
export const MOCK_JOB_ERROR: VideoCreateError = Object.freeze({
  code: 'video_generation_failed',
  message: 'The mock job failed',
});

/**
 * The in-memory state of a `MockSoraClient`: videos (in creation order), characters and a stream of changes.
 *
 * @example
 * ```ts
 * const store = new MockVideoStore(() => scheduler.now());
 * const video = store.add({ prompt: 'a fox' });
 * store.setStatus(video.id, 'completed');
 * ```
 */
export class MockVideoStore {
  private readonly videos = new Map<string, Video>();
  private readonly characters = new Map<string, VideoCharacter>();
  private readonly changeSubject = new Subject<MockVideoChange>();
  private seq = 0;
  /** Every change, as it happens (synchronously). */
  readonly changes$: Observable<MockVideoChange> = this.changeSubject.asObservable();

  constructor(private readonly nowMs: () => number) {}

  /** Stores a new queued video (fields not given get API defaults) and returns it. */
  add(fields: Partial<Video>): Video {
    this.seq += 1;
    const video: Video = {
      id: `video_mock_${String(this.seq).padStart(4, '0')}`,
      object: 'video',
      model: 'sora-2',
      status: 'queued',
      progress: 0,
      created_at: this.nowSeconds(),
      completed_at: null,
      expires_at: null,
      prompt: null,
      size: '720x1280',
      seconds: '4',
      remixed_from_video_id: null,
      error: null,
      ...fields,
    };
    this.put(video);
    return video;
  }

  /** Stores (or replaces) a video as given and notifies watchers. */
  put(video: Video): void {
    this.videos.set(video.id, { ...video });
    this.changeSubject.next({ id: video.id, video: { ...video } });
  }

  /** A copy of the video, or throws the API's `NotFoundError`. */
  get(id: string): Video {
    const video = this.videos.get(id);
    if (!video) throw videoNotFound(id);
    return { ...video };
  }

  /** A copy of the video, which must exist and be completed (else `NotFoundError` / `BadRequestError`). */
  getCompleted(id: string, param: string | null, what: string): Video {
    const video = this.get(id);
    if (video.status !== 'completed') {
      const message = `Video '${id}' is not completed (status: ${video.status}). ${what}`;
      throw apiErrorFor(400, message, param, 'invalid_value');
    }
    return video;
  }

  /** All videos, oldest first. */
  all(): Video[] {
    return [...this.videos.values()].map((v) => ({ ...v }));
  }

  /** Removes a video (`NotFoundError` if unknown); watchers of it see the deletion. */
  delete(id: string): void {
    this.get(id);
    this.videos.delete(id);
    this.changeSubject.next({ id, video: undefined });
  }

  /** Moves a job to `status` (terminal fields follow) and notifies watchers. */
  setStatus(id: string, status: VideoStatus, progress?: number, error?: VideoCreateError): Video {
    const video = this.get(id);
    const next: Video = { ...video, status, progress: progress ?? defaultProgress(video, status), error: null };
    if (status === 'completed') {
      next.completed_at = this.nowSeconds();
      next.expires_at = next.completed_at + 86_400;
    } else {
      next.completed_at = null;
      next.expires_at = null;
    }
    if (status === 'failed') next.error = error ?? { ...MOCK_JOB_ERROR };
    this.put(next);
    return { ...next };
  }

  /** One page of `GET /videos` (newest first by default). An unknown `after` gives an empty page. */
  page(params: VideoListParams): VideoList {
    const ordered = this.all();
    if ((params.order ?? 'desc') === 'desc') ordered.reverse();
    const start = params.after === undefined ? 0 : ordered.findIndex((v) => v.id === params.after) + 1;
    const from = params.after !== undefined && start === 0 ? ordered.length : start;
    const data = ordered.slice(from, from + (params.limit ?? MOCK_LIST_LIMIT));
    return {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data[data.length - 1]?.id ?? null,
      has_more: from + data.length < ordered.length,
    };
  }

  /** Stores a new character and returns it. */
  addCharacter(name: string): VideoCharacter {
    this.seq += 1;
    const character = { id: `char_mock_${String(this.seq).padStart(4, '0')}`, name, created_at: this.nowSeconds() };
    this.characters.set(character.id, character);
    return { ...character };
  }

  /** A copy of the character, or the API's `NotFoundError`. */
  getCharacter(id: string): VideoCharacter {
    const character = this.characters.get(id);
    if (!character) throw apiErrorFor(404, `Character with id '${id}' not found.`, 'character_id');
    return { ...character };
  }

  private nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }
}

function defaultProgress(video: Video, status: VideoStatus): number {
  if (status === 'completed') return 100;
  if (status === 'queued') return 0;
  return video.progress ?? 0;
}
