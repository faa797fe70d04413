// @ts-check
/* global process */
// The emulator (from dist) in its own process, driven over IPC by `startEmulatorProcess` in harness.js:
// options arrive as the first message; replies to { type: 'count', filter } and { type: 'close' }.
import { startSoraEmulator } from '../../dist/emulator/index.js';
import { countRequests } from './emulator-host.js';

/** @param {unknown} msg */
const send = (msg) => process.send?.(msg);

process.once('message', async (/** @type {Record<string, unknown>} */ options) => {
  const emulator = await startSoraEmulator(options);
  send({ baseURL: emulator.baseURL });
  process.on(
    'message',
    async (/** @type {{ type: string, filter?: { header?: string, value?: string, method?: string } }} */ msg) => {
      if (msg.type === 'count') {
        send({ count: countRequests(emulator, msg.filter) });
      } else {
        await emulator.close();
        send({ closed: true });
        process.disconnect();
      }
    },
  );
});
