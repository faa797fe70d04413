/**
 * sora-rx/testing: test doubles and helpers for code built on sora-rx. `MockSoraClient` (an in-memory
 * `SoraClient`), `createFakeTransport` (scripted HTTP for the real client), marble helpers, fixtures and the
 * local emulator.
 *
 * @example
 * ```ts
 * import { MockSoraClient, createFakeTransport, createMarbleScheduler, videoFixture } from 'sora-rx/testing';
 * ```
 */
export * from '../emulator/index.js';
export { MockSoraClient, type MockSoraClientOptions } from './mock-client.js';
export type { MockCall, MockSoraMethod } from './mock-responder.js';
export type { AutoAdvanceOptions } from './mock-auto-advance.js';
export { MOCK_JOB_ERROR, MOCK_LIST_LIMIT } from './mock-store.js';
export {
  createFakeTransport,
  type FakeReply,
  type FakeRoute,
  type FakeTransport,
  type FakeTransportOptions,
} from './fake-transport.js';
export { createMarbleScheduler, stripErrorStacks, type AssertDeepEqual } from './marble.js';
export { FIXTURE_CREATED_AT, MOCK_CONTENT, characterFixture, videoFixture, videoListFixture } from './fixtures.js';
export { startRedisServer, DEFAULT_REDIS_SERVER, type RedisServer } from './redis-server.js';
