import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/emulator/index.js';
import { call, start } from './helpers.js';

describe('emulator rate limit with a burst smaller than the minute', () => {
  it('600/min with burst 10: ten at once, then one per 100 ms, reset counted to a full bucket', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const emulator = await start({ clock, rateLimit: { requestsPerMinute: 600, burst: 10 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await call(emulator, 'GET', '/videos')).status);
      expect(statuses).toEqual([...Array<number>(10).fill(200), 429]);
      const limited = await call(emulator, 'GET', '/videos');
      expect(limited.headers.get('x-ratelimit-limit-requests')).toBe('600');
      expect(limited.headers.get('retry-after-ms')).toBe('100');
      clock.advance(100);
      const ok = await call(emulator, 'GET', '/videos');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      expect(ok.headers.get('x-ratelimit-reset-requests')).toBe('1s');
    } finally {
      await emulator.close();
    }
  });

  it('rejects a burst below 1', async () => {
    await expect(start({ rateLimit: { requestsPerMinute: 60, burst: 0 } })).rejects.toThrow(RangeError);
  });
});
