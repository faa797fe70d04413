import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/redis');

describe('sora-rx/redis entry (built)', () => {
  it('resolves through the package exports and exports the store and the webhook fan-out', async () => {
    const entry = (await import('sora-rx/redis' as string)) as Record<string, unknown>;
    for (const name of ['redisRateLimitStore', 'redisWebhookEvents', 'publishWebhookEvent', 'isVideoWebhookEvent']) {
      expect(typeof entry[name], name).toBe('function');
    }
  });

  it('never loads ioredis itself (the caller passes its client; ioredis is an optional peer)', () => {
    const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      expect(readFileSync(path.join(dist, file), 'utf8'), file).not.toMatch(/^import [^\n]*['"]ioredis['"]/m);
    }
  });
});
