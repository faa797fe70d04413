import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureOpenAIOptions, createSoraClient, NotFoundError, videoPhase } from '../../src/index.js';
import type { SoraClientOptions, VideoCreateParams } from '../../src/index.js';
import { startSoraEmulator, type EmulatorDialect } from '../../src/emulator/index.js';
import { type DialectName, startDialectFake } from './dialect-fakes.js';

const KEY = 'sk-dialect-test-key-0123456789';
const watch = { intervalMs: 5, minIntervalMs: 5, maxIntervalMs: 20, deadlineMs: 10_000 };

interface Case {
  dialect: DialectName & EmulatorDialect;
  params: VideoCreateParams;
  id: RegExp;
  options: (baseURL: string, origin: string) => SoraClientOptions;
  /** What the dialect's Video carries beyond id/status (checked on the create answer). */
  created: (v: Record<string, unknown>) => void;
  /** Checks on the watched states. */
  watched?: (states: Record<string, unknown>[]) => void;
}

const CASES: Case[] = [
  {
    dialect: 'openai',
    params: { prompt: 'a fox', size: '1280x720', seconds: 8 },
    id: /^video_[0-9a-f]+$/,
    options: (baseURL) => ({ apiKey: KEY, baseURL }),
    created: (v) => expect(v).toMatchObject({ progress: 0, size: '1280x720', seconds: '8' }),
  },
  {
    dialect: 'litellm',
    params: { prompt: 'a fox', model: 'gemini/veo-3.0-generate-preview', size: '1280x720', seconds: 8 },
    id: /^video_[A-Za-z0-9+/=]{100,}$/,
    options: (baseURL) => ({ apiKey: KEY, baseURL }),
    created: (v) => {
      expect(v['progress']).toBeUndefined();
      expect(v['prompt']).toBeUndefined();
      expect(v['usage']).toBeDefined();
    },
    watched: (states) => {
      expect(states.map((s) => s['status'])).toContain('processing');
      for (const s of states) expect(Object.keys(s).sort()).toEqual(['id', 'object', 'status']);
    },
  },
  {
    dialect: 'vllm-omni',
    params: { prompt: 'a fox', model: 'Wan-AI/Wan2.2-T2V-A14B-Diffusers', size: '832x480', seconds: 5 },
    id: /^video_gen_[0-9a-f]{32}$/,
    options: (baseURL) => ({ baseURL }), // no --api-key: no auth
    created: (v) =>
      expect(v).toMatchObject({ quality: 'default', media_type: 'video/mp4', size: '832x480', seconds: '5' }),
  },
  {
    dialect: 'new-api',
    params: { prompt: 'a fox', size: '720x1280', seconds: '4' },
    id: /^video_[0-9a-f]+$/,
    options: (baseURL) => ({ apiKey: KEY, baseURL }),
    created: (v) => {
      expect(v['created_at']).toBeLessThan(1e11); // sent in ms, parsed to seconds
      expect(Math.abs((v['created_at'] as number) - Date.now() / 1000)).toBeLessThan(120);
      expect(v['task_id']).toEqual(expect.any(String));
    },
  },
  {
    dialect: 'azure',
    params: { prompt: 'a fox', size: '720x1280', seconds: 4 },
    id: /^video_[0-9a-f]+$/,
    options: (_baseURL, origin) => azureOpenAIOptions({ endpoint: origin, tokenProvider: async () => KEY }),
    created: (v) => expect(v).toMatchObject({ size: '720x1280', seconds: '4' }),
  },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sora-rx-dialects-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function endToEnd(c: Case, options: SoraClientOptions, label: string): Promise<void> {
  const sora = createSoraClient({ ...options, logLevel: 'silent', maxRetries: 1 });
  try {
    const created = await lastValueFrom(sora.createVideo(c.params));
    expect(created.id).toMatch(c.id);
    c.created(created);
    const states = await lastValueFrom(sora.watchVideo(created.id, watch).pipe(toArray()));
    expect(videoPhase(states.at(-1)!.status)).toBe('completed');
    expect(states.length).toBeGreaterThan(1);
    c.watched?.(states);
    const out = join(dir, `${c.dialect}-${label}.mp4`);
    const done = await lastValueFrom(sora.downloadVideo(created.id, { destination: out }));
    expect(done.done).toBe(true);
    expect((await readFile(out)).length).toBe(done.bytesWritten);
    expect(done.bytesWritten).toBeGreaterThan(0);
    const listed = await lastValueFrom(sora.listVideos({ limit: 10 }).pipe(toArray()));
    expect(listed.map((v) => v.id)).toContain(created.id);
    const missing = await lastValueFrom(sora.getVideoStatus('video_does_not_exist')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(typeof (missing as NotFoundError).code).toBe('string');
  } finally {
    sora.close();
  }
}

describe.each(CASES)('dialect $dialect end to end', (c) => {
  it('against the emulator dialect', async () => {
    const emulator = await startSoraEmulator({
      dialect: c.dialect,
      apiKey: c.dialect === 'vllm-omni' ? null : KEY,
      timeScale: 0.05, // a 4 s job takes 200 ms: the shared poller sees it before it ends
    });
    try {
      expect(emulator.dialect).toBe(c.dialect);
      await endToEnd(c, c.options(emulator.baseURL, emulator.origin), 'emulator');
      if (c.dialect === 'litellm') {
        const id = emulator.videos.list()[0]!.id;
        expect(id).toMatch(/\//);
        expect(id).toMatch(/\+/);
        expect(id).toMatch(/=$/);
        expect(emulator.requests.some((r) => r.path.includes('%2F'))).toBe(true);
      }
      const posted = emulator.requests.find((r) => r.method === 'POST');
      expect(posted?.path).toBe(c.dialect === 'azure' ? '/openai/v1/videos' : '/v1/videos');
    } finally {
      await emulator.close();
    }
  });

  it('against an independent fake', async () => {
    const fake = await startDialectFake(c.dialect, KEY);
    try {
      await endToEnd(c, c.options(fake.baseURL, fake.origin), 'fake');
      if (c.dialect !== 'vllm-omni') expect(new Set(fake.keysSeen)).toEqual(new Set([KEY]));
    } finally {
      await fake.close();
    }
  });
});

describe('vLLM-Omni reads create fields from a form only (FastAPI Form(...))', () => {
  it('the independent fake and the emulator dialect refuse a JSON create with 422, so the e2e runs prove multipart', async () => {
    const fake = await startDialectFake('vllm-omni', KEY);
    const emulator = await startSoraEmulator({ dialect: 'vllm-omni', apiKey: null });
    try {
      for (const baseURL of [fake.baseURL, emulator.baseURL]) {
        const json = await fetch(`${baseURL}/videos`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ prompt: 'a fox' }),
        });
        expect(json.status).toBe(422);
        await json.body?.cancel();
        const form = new FormData();
        form.append('prompt', 'a fox');
        const multipart = await fetch(`${baseURL}/videos`, { method: 'POST', body: form });
        expect(multipart.status).toBe(200);
        expect(await multipart.json()).toMatchObject({ prompt: 'a fox', status: 'queued' });
      }
    } finally {
      await Promise.all([fake.close(), emulator.close()]);
    }
  });
});
