import type { RequestOptions } from '../../config/options.js';
import type { SoraRuntime } from '../runtime-types.js';
import { type ListSupport, SharedPoller } from './shared-poller.js';

interface RuntimePollers {
  readonly groups: Map<string, SharedPoller>;
  readonly listing: ListSupport;
}

const byRuntime = new WeakMap<SoraRuntime, RuntimePollers>();

/**
 * The poller a watch with `options` joins on `runtime`: one per client and per request setup (`headers`,
 * `timeoutMs`, `maxRetries`, since one request serves every watch of the group), made on first use and dropped
 * when its last watch ends. With `sharedPolling: false` every watch gets a poller of its own that never lists.
 *
 * @example
 * ```ts
 * pollerFor(runtime, options).watch('video_1', 'video_1', resolveSchedule(options));
 * ```
 */
export function pollerFor(runtime: SoraRuntime, options: RequestOptions | undefined): SharedPoller {
  let pollers = byRuntime.get(runtime);
  if (pollers === undefined) {
    pollers = { groups: new Map(), listing: { supported: true } };
    byRuntime.set(runtime, pollers);
  }
  const polling = runtime.config.polling;
  const requestOptions = pickRequestOptions(options);
  if (!polling.shared) {
    const settings = {
      batchThreshold: Number.POSITIVE_INFINITY,
      webhookSafetyIntervalMs: polling.webhookSafetyIntervalMs,
    };
    return new SharedPoller(runtime, requestOptions, settings, pollers.listing);
  }
  const key = groupKey(requestOptions);
  const groups = pollers.groups;
  let poller = groups.get(key);
  if (poller === undefined) {
    const made: SharedPoller = new SharedPoller(runtime, requestOptions, polling, pollers.listing, () => {
      if (groups.get(key) === made) groups.delete(key);
    });
    groups.set(key, made);
    poller = made;
  }
  return poller;
}

function pickRequestOptions(options: RequestOptions | undefined): RequestOptions | undefined {
  if (options === undefined) return undefined;
  const { timeoutMs, maxRetries, headers } = options;
  if (timeoutMs === undefined && maxRetries === undefined && headers === undefined) return undefined;
  return { timeoutMs, maxRetries, headers };
}

function groupKey(options: RequestOptions | undefined): string {
  if (options === undefined) return '';
  const headers = Object.entries(options.headers ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([options.timeoutMs ?? null, options.maxRetries ?? null, headers]);
}
