import { describe, expect, it } from 'vitest';
import * as testing from '../../src/testing/index.js';
import { startSoraEmulator } from '../../src/testing/index.js';
import { startSoraEmulator as fromEmulator } from '../../src/emulator/index.js';

describe('sora-rx/testing entry', () => {
  it('re-exports startSoraEmulator and exports the test kit by name', () => {
    expect(startSoraEmulator).toBe(fromEmulator);
    for (const name of [
      'MockSoraClient',
      'createFakeTransport',
      'createMarbleScheduler',
      'stripErrorStacks',
      'videoFixture',
      'videoListFixture',
      'characterFixture',
      'MOCK_CONTENT',
    ]) {
      expect(testing).toHaveProperty(name);
    }
  });

  it('the emulator from the testing entry serves the real client (loopback)', async () => {
    const emulator = await startSoraEmulator();
    try {
      const { createSoraClient } = await import('../../src/client.js');
      const sora = createSoraClient({ baseURL: emulator.baseURL, apiKey: 'test', logLevel: 'silent' });
      const video = await sora.promises.createVideo({ prompt: 'a fox' });
      expect(video.status).toBe('queued');
      sora.close();
    } finally {
      await emulator.close();
    }
  });
});
