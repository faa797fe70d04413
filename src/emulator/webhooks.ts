import { JobEndWatcher } from './job-end-watcher.js';
import type { ResolvedOptions } from './options.js';
import type { VideoStoreHooks } from './store.js';
import type { WebhookDelivery } from './types.js';
import { WebhookSender } from './webhook-sender.js';

/** The emulator's webhook side: job-end detection wired to the sender, or inert without `webhook`. */
export interface EmulatorWebhooks {
  readonly storeHooks: VideoStoreHooks;
  readonly deliveries: readonly WebhookDelivery[];
  reset(): void;
  close(): void;
}

const NONE: readonly WebhookDelivery[] = Object.freeze([]);

/** Sends `video.completed` / `video.failed` for every job the store adds, when it ends (see `JobEndWatcher`). */
export function startWebhooks(options: ResolvedOptions): EmulatorWebhooks {
  const { webhook, clock } = options;
  if (webhook === undefined)
    return { storeHooks: {}, deliveries: NONE, reset: () => undefined, close: () => undefined };
  const sender = new WebhookSender(webhook, clock, options.maxRecordedRequests);
  const watcher = new JobEndWatcher(clock, (video, status, endedAtMs) =>
    sender.send(status === 'completed' ? 'video.completed' : 'video.failed', video.id, endedAtMs),
  );
  return {
    storeHooks: {
      added: (video) => watcher.track(video),
      deleted: (id) => watcher.untrack(id),
      cleared: () => watcher.clear(),
    },
    deliveries: sender.deliveries,
    reset(): void {
      watcher.clear();
      sender.cancelAll();
    },
    close(): void {
      watcher.close();
      sender.close();
    },
  };
}
