import { lastValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createSoraClient } from '../../../src/client.js';
import { ValidationError } from '../../../src/errors/index.js';
import { checkSeconds, checkSize, encodeId } from '../../../src/streams/videos/validate.js';
import { noopLogger } from '../../../src/telemetry/logger-like.js';
import type { HttpRequest, Transport } from '../../../src/transport/types.js';
import { videoFixture } from '../../../src/testing/fixtures.js';

function spyClient(validation?: 'form' | 'openai') {
  const requests: HttpRequest[] = [];
  const transport: Transport = (req) => {
    requests.push(req);
    // A retrieve answers for the id it was asked about (the client checks that); everything else is video_1.
    const asked = req.method === 'GET' && req.path.startsWith('/videos/') ? req.path.slice('/videos/'.length) : '';
    const id = asked ? decodeURIComponent(asked) : 'video_1';
    return of({ status: 200, headers: {}, data: videoFixture({ id, status: 'queued' }), url: req.path });
  };
  return { requests, sora: createSoraClient({ apiKey: 'sk-test', transport, logger: noopLogger, validation }) };
}

describe('validation by form (default)', () => {
  it('sends a vLLM-Omni create (832x480, 5 s) with seconds as a string', async () => {
    const { sora, requests } = spyClient();
    await lastValueFrom(sora.createVideo({ prompt: 'a boat', size: '832x480', seconds: 5, model: 'Wan2.2-T2V' }));
    const body = requests[0]?.body as { kind: string; build: () => FormData };
    expect(body.kind).toBe('multipart');
    expect(Object.fromEntries(body.build().entries())).toEqual({
      prompt: 'a boat',
      model: 'Wan2.2-T2V',
      seconds: '5',
      size: '832x480',
    });
  });

  it('accepts the spec extension of 16 s by default and with validation: openai', async () => {
    for (const mode of [undefined, 'openai'] as const) {
      const { sora, requests } = spyClient(mode);
      await lastValueFrom(sora.extendVideo({ prompt: 'more', seconds: 16, video: { id: 'video_1' } }));
      expect(requests[0]?.body).toMatchObject({ value: { seconds: '16' } });
    }
  });

  it("validation: 'openai' keeps OpenAI's values for a create", async () => {
    const { sora, requests } = spyClient('openai');
    for (const params of [
      { prompt: 'a', seconds: 5 },
      { prompt: 'a', seconds: 16 },
      { prompt: 'a', size: '832x480' },
    ]) {
      await expect(lastValueFrom(sora.createVideo(params))).rejects.toBeInstanceOf(ValidationError);
    }
    expect(requests).toHaveLength(0);
  });

  it('percent-encodes an opaque LiteLLM id (+ / =, ~200 chars) as exactly one path segment', async () => {
    const id = `video_${Buffer.from(`litellm:custom_llm_provider:gemini;model_id:${'m'.repeat(80)};video_id:op/1+2`).toString('base64')}`;
    expect(id).toMatch(/[+/=]/);
    const { sora, requests } = spyClient();
    await lastValueFrom(sora.getVideoStatus(id));
    const path = requests[0]!.path;
    expect(path.split('/')).toHaveLength(3); // '', 'videos', '<one segment>'
    expect(decodeURIComponent(path.slice('/videos/'.length))).toBe(id);
    expect(encodeId('a/../b')).toBe('a%2F..%2Fb');
    expect(encodeId('x'.repeat(1024))).toHaveLength(1024);
  });

  it.each([
    [5, '5'],
    ['12', '12'],
    [30, '30'],
  ])('seconds %s -> %s', (input, out) => {
    expect(checkSeconds(input)).toBe(out);
  });

  it.each([['0'], [-4], [4.5], ['04'], ['4s'], [Number.MAX_VALUE]])('seconds %s is refused', (input) => {
    expect(() => checkSeconds(input)).toThrow(ValidationError);
  });

  it.each([['1920x1080'], ['832x480']])('size %s passes by form', (size) => expect(checkSize(size)).toBe(size));
  it.each([['1920X1080'], ['x480'], ['0x480'], ['832 x 480']])('size %s is refused', (size) =>
    expect(() => checkSize(size)).toThrow(ValidationError),
  );
});
