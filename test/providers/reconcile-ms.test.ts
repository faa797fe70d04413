import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSoraClient } from '../../src/index.js';
import { ManualClock, startSoraEmulator, type SoraEmulator } from '../../src/emulator/index.js';

const KEY = 'sk-reconcile-ms';

describe('an ambiguous create on the millisecond dialect (new-api) is reconciled, not duplicated', () => {
  let emulator: SoraEmulator;
  const clock = new ManualClock(Date.now() - 3_600_000);
  beforeAll(async () => {
    emulator = await startSoraEmulator({ dialect: 'new-api', apiKey: KEY, clock });
  });
  afterAll(() => emulator.close());

  it('adopts the video the reset request created, not an older one with the same prompt', async () => {
    const sora = createSoraClient({ apiKey: KEY, baseURL: emulator.baseURL, logLevel: 'silent' });
    const prompt = 'the same prompt twice';
    // an hour ago, the same prompt already made a video (its created_at is in ms on the wire)
    const older = await lastValueFrom(sora.createVideo({ prompt, seconds: 4 }));
    clock.set(Date.now());
    // the next create is processed, then the connection drops: the client cannot tell whether it was
    emulator.inject({ kind: 'reset', when: 'after', method: 'POST', path: '/videos' });
    const adopted = await lastValueFrom(sora.createVideo({ prompt, seconds: 4 }));
    const stored = emulator.videos.list();
    expect(stored).toHaveLength(2);
    expect(adopted.id).not.toBe(older.id);
    expect(adopted.id).toBe(stored[1]!.id);
    expect(adopted.created_at).toBe(Math.floor(clock.now() / 1000));
    const posts = emulator.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2); // the ambiguous POST was not resent
    expect(emulator.requests.some((r) => r.method === 'GET' && r.path === '/v1/videos')).toBe(true);
    sora.close();
  });
});

describe('an ambiguous create on a dialect without prompts (litellm) is not resent blindly', () => {
  it('errors with AmbiguousRequestError and makes exactly one job', async () => {
    const emulator = await startSoraEmulator({ dialect: 'litellm', apiKey: KEY });
    try {
      const sora = createSoraClient({ apiKey: KEY, baseURL: emulator.baseURL, logLevel: 'silent' });
      await lastValueFrom(sora.createVideo({ prompt: 'another one' })); // a listed video without a prompt
      emulator.inject({ kind: 'reset', when: 'after', method: 'POST', path: '/videos' });
      const err = await lastValueFrom(sora.createVideo({ prompt: 'the ambiguous one' })).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'AmbiguousRequestError', code: 'ambiguous_request' });
      expect(emulator.videos.list()).toHaveLength(2);
      expect(emulator.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
      sora.close();
    } finally {
      await emulator.close();
    }
  });
});
