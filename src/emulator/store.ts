import { invalidParam } from './errors.js';
import { toResource, type StoredVideo } from './lifecycle.js';
import type { Clock, VideoResource, VideoStoreView } from './types.js';

/** One page of `GET /videos`. */
export interface VideoPage {
  object: 'list';
  data: VideoResource[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/** What a store tells its owner (the webhook sender watches job ends through it). */
export interface VideoStoreHooks {
  added?(video: StoredVideo): void;
  deleted?(id: string): void;
  cleared?(): void;
}

/** In-memory videos in creation order; deleted ids keep their position so `after` cursors stay valid. */
export class VideoStore implements VideoStoreView {
  readonly #videos = new Map<string, StoredVideo>();
  /** seq of every id ever created (deleted ones too), for cursors. */
  readonly #seqById = new Map<string, number>();
  #nextSeq = 1;

  constructor(
    private readonly clock: Clock,
    private readonly hooks: VideoStoreHooks = {},
  ) {}

  /** Number of stored (not deleted) videos. */
  get size(): number {
    return this.#videos.size;
  }

  /** Stores a new video; fills in its `seq`. */
  add(video: Omit<StoredVideo, 'seq'>): StoredVideo {
    const stored: StoredVideo = { ...video, seq: this.#nextSeq++ };
    this.#videos.set(stored.id, stored);
    this.#seqById.set(stored.id, stored.seq);
    this.hooks.added?.(stored);
    return stored;
  }

  /** The stored record, for handlers. */
  getStored(id: string): StoredVideo | undefined {
    return this.#videos.get(id);
  }

  /** The Video object now. */
  get(id: string): VideoResource | undefined {
    const video = this.#videos.get(id);
    return video === undefined ? undefined : toResource(video, this.clock.now());
  }

  /** Every stored video, oldest first. */
  list(): VideoResource[] {
    const now = this.clock.now();
    return [...this.#videos.values()].map((video) => toResource(video, now));
  }

  /** Removes a video; false when unknown. */
  delete(id: string): boolean {
    const deleted = this.#videos.delete(id);
    if (deleted) this.hooks.deleted?.(id);
    return deleted;
  }

  /** Drops everything. */
  clear(): void {
    this.#videos.clear();
    this.#seqById.clear();
    this.hooks.cleared?.();
  }

  /** A cursor page, newest first for `desc`. */
  page(after: string | undefined, limit: number, order: 'asc' | 'desc'): VideoPage {
    let cursor: number | undefined;
    if (after !== undefined) {
      cursor = this.#seqById.get(after);
      if (cursor === undefined) {
        throw invalidParam('after', `Invalid 'after': no video found with id '${after}'.`, 'invalid_value');
      }
    }
    const all = [...this.#videos.values()];
    if (order === 'desc') all.reverse();
    const start = cursor === undefined ? 0 : all.findIndex((v) => (order === 'asc' ? v.seq > cursor : v.seq < cursor));
    const rest = start === -1 ? [] : all.slice(start);
    const now = this.clock.now();
    const data = rest.slice(0, limit).map((video) => toResource(video, now));
    return {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: rest.length > data.length,
    };
  }
}
