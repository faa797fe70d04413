/**
 * The Sora emulator: a local, faithful Videos API (`/v1/videos*`) on node:http, with a job lifecycle on an
 * injectable clock, rate limiting and scriptable fault injection. Imports only Node built-ins.
 */
export { startSoraEmulator } from './server.js';
export { ManualClock, systemClock } from './clock.js';
export { EMULATOR_ASSETS, type EmulatorAsset } from './assets/media.js';
export { DEFAULT_FAIL_PROMPTS, DEFAULT_JOB_ERROR } from './options.js';
export { DEFAULT_LIST_LIMIT } from './handlers-read.js';
export { DIALECTS } from './dialects.js';
export type * from './types.js';
