import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ManualClock, type SoraEmulator } from '../../src/emulator/index.js';
import { call, form, start } from './helpers.js';

// Both packages are CJS with `exports.default`; under NodeNext the default import is `module.exports`.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

interface Spec {
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}
const spec = parse(readFileSync(new URL('./fixtures/openai-videos-openapi.yaml', import.meta.url), 'utf8')) as Spec;

// The Videos subset has no error schema; this is `ErrorResponse` of the full spec (api.md §C1).
const errorResponse = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['message', 'type', 'param', 'code'],
      properties: {
        message: { type: 'string' },
        type: { type: 'string' },
        param: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        code: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
    },
  },
};

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isInteger(n) && n > 0 });
ajv.addFormat('binary', true);
ajv.addVocabulary(['example', 'x-stainless-const', 'components', 'x-oaiMeta']);
ajv.addSchema({ $id: 'https://sora-rx.test/openapi', components: spec.components });
const schema = (name: string) => ajv.getSchema(`https://sora-rx.test/openapi#/components/schemas/${name}`)!;
const validateError = ajv.compile(errorResponse);

/** Asserts `value` is valid, printing ajv's errors otherwise. */
function expectValid(name: string, value: unknown): void {
  const validate = name === 'ErrorResponse' ? validateError : schema(name);
  const ok = validate(value);
  expect(validate.errors ?? [], `${name}: ${JSON.stringify(value)}`).toEqual([]);
  expect(ok).toBe(true);
}

const clock = new ManualClock(Date.UTC(2026, 0, 1));
let emu: SoraEmulator;
beforeAll(async () => {
  emu = await start({ clock });
});
afterAll(() => emu.close());

describe('responses validate against the OpenAPI component schemas', () => {
  it('Video in every status, list, deleted, character and errors', async () => {
    const queued = (await call(emu, 'POST', '/videos', { json: { prompt: 'p' } })).json();
    const failing = (await call(emu, 'POST', '/videos', { json: { prompt: 'moderation test' } })).json();
    expectValid('VideoResource', queued);
    clock.advance(500);
    expectValid('VideoResource', emu.videos.get(queued['id'] as string));
    expect(emu.videos.get(queued['id'] as string)?.status).toBe('in_progress');
    clock.advance(60_000);
    const completed = (await call(emu, 'GET', `/videos/${queued['id'] as string}`)).json();
    expect(completed['status']).toBe('completed');
    expectValid('VideoResource', completed);
    const failed = (await call(emu, 'GET', `/videos/${failing['id'] as string}`)).json();
    expect(failed['status']).toBe('failed');
    expectValid('VideoResource', failed);
    const remix = (
      await call(emu, 'POST', `/videos/${queued['id'] as string}/remix`, { json: { prompt: 'r' } })
    ).json();
    expectValid('VideoResource', remix);

    expectValid('VideoListResource', (await call(emu, 'GET', '/videos?limit=2')).json());
    expectValid('VideoListResource', (await call(emu, 'GET', '/videos?limit=0')).json());
    expectValid('DeletedVideoResource', (await call(emu, 'DELETE', `/videos/${remix['id'] as string}`)).json());
    const character = await call(emu, 'POST', '/videos/characters', {
      form: form({ name: 'n' }, { video: { name: 'c.mp4', blob: new Blob([new Uint8Array(8)]) } }),
    });
    expectValid('VideoCharacterResource', character.json());

    for (const res of [
      await call(emu, 'GET', '/videos/video_missing'),
      await call(emu, 'POST', '/videos', { json: {} }),
      await call(emu, 'GET', '/videos', { auth: false }),
      await call(emu, 'GET', '/nope'),
    ]) {
      expectValid('ErrorResponse', res.json());
    }
  });

  it('sends no field the schema does not define', async () => {
    const video = (await call(emu, 'POST', '/videos', { json: { prompt: 'p' } })).json();
    const properties = Object.keys(spec.components.schemas['VideoResource']!.properties!);
    expect(Object.keys(video).sort()).toEqual(properties.sort());
  });

  it('the validator fails on a missing required field or a wrong enum', async () => {
    const video = (await call(emu, 'POST', '/videos', { json: { prompt: 'p' } })).json();
    const { expires_at: _dropped, ...missingField } = video;
    const validate = schema('VideoResource');
    expect(validate(missingField)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'required', params: { missingProperty: 'expires_at' } });
    expect(validate({ ...video, status: 'cancelled' })).toBe(false);
    expect(validate({ ...video, seconds: 8 })).toBe(false);
    expect(validateError({ error: { message: 'm', type: 't', param: null } })).toBe(false);
  });
});
