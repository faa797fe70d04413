import { describe, expect, it } from 'vitest';
import { MAX_PROVIDED_SECRETS, redactSecrets, registerSecret, registeredSecretCount } from '../../src/util/redact.js';

describe('the redaction registry', () => {
  it('keeps only the latest provider values (10,000 refreshes stay bounded); the latest is still redacted', () => {
    const before = registeredSecretCount();
    const staticKey = 'static-registry-key-42';
    registerSecret(staticKey);
    const tokens = Array.from({ length: 10_000 }, (_, i) => `tok-${i}-${'q'.repeat(12)}`);
    for (const t of tokens) registerSecret(t, { provided: true });
    expect(registeredSecretCount()).toBeLessThanOrEqual(before + 1 + MAX_PROVIDED_SECRETS);
    expect(MAX_PROVIDED_SECRETS).toBe(16);
    const latest = tokens.at(-1)!;
    expect(redactSecrets(`echo ${latest}`)).toBe('echo [REDACTED]');
    expect(redactSecrets(`echo ${tokens.at(-MAX_PROVIDED_SECRETS)!}`)).toBe('echo [REDACTED]');
    expect(redactSecrets(`old ${tokens[0]!}`)).toBe(`old ${tokens[0]!}`); // evicted (expired long ago)
    expect(redactSecrets(`key ${staticKey}`)).toBe('key [REDACTED]'); // static keys stay
  });

  it('re-registering a provider value makes it the newest', () => {
    const keep = 'tok-keep-me-aaaaaaaa';
    registerSecret(keep, { provided: true });
    for (let i = 0; i < 40; i++) {
      registerSecret(`tok-churn-${i}-bbbbbbbb`, { provided: true });
      if (i % 4 === 0) registerSecret(keep, { provided: true });
    }
    expect(redactSecrets(keep)).toBe('[REDACTED]');
  });
});
