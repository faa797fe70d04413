import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  redactDeep,
  redactHeaders,
  redactOptional,
  redactSecrets,
  redactUrl,
  registerSecret,
} from '../../src/util/redact.js';

describe('redact', () => {
  it('redacts secret headers and key-shaped values', () => {
    expect(
      redactHeaders({ Authorization: 'Bearer abc', 'api-key': 'k', 'x-note': 'uses sk-abcdefghijk', n: 1 }),
    ).toEqual({ Authorization: REDACTED, 'api-key': REDACTED, 'x-note': `uses ${REDACTED}`, n: 1 });
  });
  it('redacts registered secrets of any shape', () => {
    registerSecret('zz-custom-secret-42');
    registerSecret('ab');
    registerSecret(undefined);
    expect(redactSecrets('key=zz-custom-secret-42 ab')).toBe(`key=${REDACTED} ab`);
  });
  it('redacts URLs: credentials, hash, sensitive query values; bad URLs as text', () => {
    const out = redactUrl('https://u:p@h.example/v1?api_key=1&limit=2#frag');
    expect(out).toBe('https://h.example/v1?api_key=%5BREDACTED%5D&limit=2');
    expect(redactUrl('not a url sk-abcdefghijkl')).toBe(`not a url ${REDACTED}`);
  });
  it('redactDeep scrubs every string of a body, keys too, and drops what is nested too deep', () => {
    registerSecret('zz-deep-secret-77');
    const body = { a: ['x zz-deep-secret-77', 1, null], 'k zz-deep-secret-77': { b: true } };
    expect(redactDeep(body)).toEqual({ a: [`x ${REDACTED}`, 1, null], [`k ${REDACTED}`]: { b: true } });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 50; i++) deep = { d: deep };
    expect(JSON.stringify(redactDeep(deep, 3))).toBe('{"d":{"d":{}}}'); // three levels of objects
    expect(redactOptional(undefined)).toBeUndefined();
  });
});
