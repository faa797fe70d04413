import type { Video, VideoCharacter, VideoContentVariant, VideoList } from '../streams/videos/types.js';

/** Unix seconds used by the fixtures when no `created_at` is given (2025-01-01T00:00:00Z). @example videoFixture().created_at === FIXTURE_CREATED_AT */
export const FIXTURE_CREATED_AT = 1_735_689_600;

/**
 * Small fixed bytes that `MockSoraClient.downloadVideo` writes for each variant (not real media: tests compare
 * them byte for byte).
 *
 * @example
 * ```ts
 * expect(readFileSync('out.mp4')).toEqual(Buffer.from(MOCK_CONTENT.video));
 * ```
 */
export const MOCK_CONTENT: Readonly<Record<VideoContentVariant, Uint8Array>> = Object.freeze({
  video: new TextEncoder().encode('sora-rx mock video content (mp4)'),
  thumbnail: new TextEncoder().encode('sora-rx mock thumbnail (webp)'),
  spritesheet: new TextEncoder().encode('sora-rx mock spritesheet (webp)'),
});

/**
 * A valid `Video` with all 13 wire fields (a completed 4 s `sora-2` clip by default); `overrides` win.
 * Terminal fields follow `status` unless overridden: `completed_at`/`expires_at` are set only when completed,
 * `error` only when failed, `progress` is 100 when completed and 0 when queued.
 *
 * @example
 * ```ts
 * const queued = videoFixture({ id: 'video_1', status: 'queued' });
 * transport.script({ method: 'GET', path: '/videos/video_1', reply: { body: queued } });
 * ```
 */
export function videoFixture(overrides: Partial<Video> = {}): Video {
  const status = overrides.status ?? 'completed';
  const createdAt = overrides.created_at ?? FIXTURE_CREATED_AT;
  const done = status === 'completed';
  return {
    id: 'video_fixture_1',
    object: 'video',
    model: 'sora-2',
    status,
    progress: done ? 100 : status === 'queued' ? 0 : 50,
    created_at: createdAt,
    completed_at: done ? createdAt + 60 : null,
    expires_at: done ? createdAt + 60 + 86_400 : null,
    prompt: 'a red fox in snow',
    size: '720x1280',
    seconds: '4',
    remixed_from_video_id: null,
    error: status === 'failed' ? { code: 'video_generation_failed', message: 'The fixture job failed' } : null,
    ...overrides,
  };
}

/**
 * A `GET /videos` page of the given videos (`first_id`/`last_id` derived, `has_more` false unless given).
 *
 * @example
 * ```ts
 * videoListFixture([videoFixture({ id: 'video_1' })], { has_more: true });
 * ```
 */
export function videoListFixture(videos: readonly Video[], overrides: Partial<VideoList> = {}): VideoList {
  return {
    object: 'list',
    data: [...videos],
    first_id: videos[0]?.id ?? null,
    last_id: videos[videos.length - 1]?.id ?? null,
    has_more: false,
    ...overrides,
  };
}

/**
 * A valid `VideoCharacter`; `overrides` win.
 *
 * @example
 * ```ts
 * characterFixture({ id: 'char_1', name: 'Rex' });
 * ```
 */
export function characterFixture(overrides: Partial<VideoCharacter> = {}): VideoCharacter {
  return { id: 'char_fixture_1', name: 'Rex', created_at: FIXTURE_CREATED_AT, ...overrides };
}
