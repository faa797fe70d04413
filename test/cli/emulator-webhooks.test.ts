import { expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { webhookEventStream, type VideoWebhookEvent } from '../../src/index.js';
import { SECRET, listen, waitUntil } from '../webhooks/helpers.js';
import { fakeIo } from './helpers.js';

it(
  'sora-rx emulator --webhook-url --webhook-secret sends signed events a sora-rx receiver verifies',
  { timeout: 15_000 },
  async () => {
    const hook = webhookEventStream({ secret: SECRET });
    const events: VideoWebhookEvent[] = [];
    hook.events$.subscribe((e) => events.push(e));
    const receiver = await listen(hook.handler);
    const io = fakeIo();
    try {
      const url = receiver.url.replace('http://', 'http://user:pw@');
      const running = run(['emulator', '--json', '--webhook-url', url, '--webhook-secret', SECRET], io);
      await waitUntil(() => io.out().includes('baseURL'));
      const started = JSON.parse(io.out()) as { baseURL: string; webhookUrl: string };
      expect(started.webhookUrl).toBe(receiver.url);
      const created = await fetch(`${started.baseURL}/videos`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'cli webhooks' }),
      });
      const { id } = (await created.json()) as { id: string };
      await waitUntil(() => events.length === 1, 10_000);
      expect(events[0]).toMatchObject({ type: 'video.completed', data: { id } });
      io.signal('SIGINT');
      expect(await running).toBe(0);
      expect(io.out() + io.err()).not.toContain(SECRET.slice(6));
      expect(io.out() + io.err()).not.toContain('pw@');
    } finally {
      hook.close();
      await receiver.close();
    }
  },
);

it('half a webhook pair, or a bad secret, is a usage error that does not repeat the secret', async () => {
  const lone = fakeIo();
  expect(await run(['emulator', '--webhook-url', 'http://127.0.0.1:9/'], lone)).toBe(2);
  expect(lone.err()).toContain('--webhook-url and --webhook-secret go together');
  const bad = fakeIo();
  const secret = 'my private words!';
  expect(await run(['emulator', '--webhook-url', 'http://127.0.0.1:9/', '--webhook-secret', secret], bad)).toBe(2);
  expect(bad.err()).toContain('webhook.secret must be whsec_');
  expect(bad.out() + bad.err()).not.toContain(secret);
});
