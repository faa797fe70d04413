import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSseServer, type SseServer } from '../../examples/sse/server.js';
import { startSoraEmulator, type SoraEmulator } from '../../src/emulator/index.js';
import { createSoraClient, type SoraClient } from '../../src/index.js';

interface SseEvent {
  event: string;
  data: unknown;
}

/** Reads SSE messages from a fetch body until `stop` says so or the stream ends. */
async function readEvents(body: ReadableStream<Uint8Array>, stop: (e: SseEvent) => boolean): Promise<SseEvent[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return events;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === undefined || data === undefined) continue; // `retry:` and `: keep-alive` lines
        const parsed: SseEvent = { event, data: JSON.parse(data) as unknown };
        events.push(parsed);
        if (stop(parsed)) return events;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

async function createJob(
  server: SseServer,
  prompt: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/videos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('examples/sse/server.ts', () => {
  let emulator: SoraEmulator;
  let sora: SoraClient;
  let server: SseServer;

  beforeAll(async () => {
    // Slow enough that several progress polls happen, fast enough for a unit test. Server poll hints are clamped to
    // the watch's minIntervalMs (1 s by default), so the job must run for a few seconds (queue 0.3 s, render 2.4 s).
    emulator = await startSoraEmulator({ timeScale: 1.2, pollAfterMs: 20 });
    sora = createSoraClient({ baseURL: emulator.baseURL, apiKey: 'sk-sse-test', logLevel: 'silent' });
    server = await startSseServer({ sora, port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    sora?.close();
    await emulator?.close();
  });

  it('serves the page', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<script type="importmap">');
    expect(html).toContain("import { fromEventSource } from '/from-event-source.js'");
    const helper = await fetch(`${server.url}/from-event-source.js`);
    expect(helper.headers.get('content-type')).toContain('text/javascript');
    expect(await helper.text()).toContain('new EventSource(url)');
  });

  it("serves rxjs's ES module build from node_modules (extensionless imports resolved), nothing outside it", async () => {
    const index = await fetch(`${server.url}/vendor/rxjs/index.js`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain("export { Observable } from './internal/Observable'");
    const inner = await fetch(`${server.url}/vendor/rxjs/internal/Observable`);
    expect(inner.status).toBe(200);
    expect(await inner.text()).toContain('class Observable');
    expect((await fetch(`${server.url}/vendor/tslib.js`)).status).toBe(200);
    expect((await fetch(`${server.url}/vendor/rxjs/%2e%2e%2f%2e%2e%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/vendor/other.js`)).status).toBe(404);
  });

  it('streams progress events, then completed; the content URL serves the MP4', async () => {
    const created = await createJob(server, 'a red fox in fresh snow');
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const res = await fetch(`${server.url}/api/videos/${id}/events`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEvents(res.body!, (e) => e.event !== 'progress');

    const last = events[events.length - 1]!;
    expect(last.event).toBe('completed');
    expect(last.data).toEqual({ id, status: 'completed', progress: 100, contentUrl: `/api/videos/${id}/content` });
    const progress = events.slice(0, -1);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((e) => e.event === 'progress')).toBe(true);
    expect(progress.some((e) => (e.data as { status: string }).status === 'in_progress')).toBe(true);

    const content = await fetch(`${server.url}${(last.data as { contentUrl: string }).contentUrl}`);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('video/mp4');
    expect((await content.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('sends a failed job as a `sora-error` event with the secret-free toJSON()', async () => {
    const { body } = await createJob(server, '[fail] please');
    const res = await fetch(`${server.url}/api/videos/${body.id as string}/events`);
    const events = await readEvents(res.body!, (e) => e.event !== 'progress');
    expect(events[events.length - 1]).toMatchObject({
      event: 'sora-error',
      data: { name: 'VideoGenerationFailedError', code: 'moderation_blocked', statusCode: 422 },
    });
  });

  it('maps SoraError.statusCode to the HTTP status (400 ValidationError, 404 NotFoundError)', async () => {
    const invalid = await createJob(server, '');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ name: 'ValidationError', code: 'invalid_input', param: 'prompt' });
    expect(JSON.stringify(invalid.body)).not.toContain('sk-sse-test');

    const missing = await fetch(`${server.url}/api/videos/video_missing/content`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { name: string } }).error.name).toBe('NotFoundError');
  });

  it('stops polling when the browser disconnects; DELETE cancels the job on the server', async () => {
    const { body } = await createJob(server, 'a long, slow pan over a city at night');
    const id = body.id as string;
    const ac = new AbortController();
    const res = await fetch(`${server.url}/api/videos/${id}/events`, { signal: ac.signal });
    await readEvents(res.body!, () => true); // the first event, then the reader is cancelled
    ac.abort();
    await new Promise((r) => setTimeout(r, 100));
    const polls = (): number =>
      emulator.requests.filter((r) => r.method === 'GET' && r.path === `/v1/videos/${id}`).length;
    const before = polls();
    await new Promise((r) => setTimeout(r, 200));
    expect(polls()).toBe(before);
    expect(emulator.videos.get(id)).toBeDefined(); // unsubscribing stopped local work only

    const cancelled = await fetch(`${server.url}/api/videos/${id}`, { method: 'DELETE' });
    expect(await cancelled.json()).toEqual({ id, object: 'video.deleted', deleted: true });
    expect(emulator.videos.get(id)).toBeUndefined();
  });
});
