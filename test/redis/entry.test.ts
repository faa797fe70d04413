import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');

describe('sora-rx/redis entry (built)', () => {
  it('resolves through the package exports and exports the store and the webhook fan-out', async () => {
    const entry = (await import('sora-rx/redis' as string)) as Record<string, unknown>;
    for (const name of ['redisRateLimitStore', 'redisWebhookEvents', 'publishWebhookEvent', 'isVideoWebhookEvent']) {
      expect(typeof entry[name], name).toBe('function');
    }
  });

  it('never loads ioredis itself (the caller passes its client; ioredis is an optional peer)', () => {
    // The bundled entry and the shared chunks it imports (and tsc's per-module files beside them).
    const files = ['redis', 'chunks'].flatMap((dir) =>
      readdirSync(path.join(dist, dir))
        .filter((f) => f.endsWith('.js'))
        .map((f) => path.join(dir, f)),
    );
    expect(files).toContain(path.join('redis', 'index.js'));
    for (const file of files) {
      expect(readFileSync(path.join(dist, file), 'utf8'), file).not.toMatch(/^import [^\n]*['"]ioredis['"]/m);
    }
  });
});
