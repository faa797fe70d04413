import { NEVER, takeUntil } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createCloseNotifier } from '../../src/streams/close-notifier.js';

describe('createCloseNotifier', () => {
  it('errors open subscribers with a fresh error each, later ones at once, and skips unsubscribed ones', () => {
    const notifier = createCloseNotifier();
    const seen: unknown[] = [];
    const record = { error: (e: unknown) => seen.push(e) };
    NEVER.pipe(takeUntil(notifier.closed$)).subscribe(record);
    NEVER.pipe(takeUntil(notifier.closed$)).subscribe(record);
    NEVER.pipe(takeUntil(notifier.closed$)).subscribe(record).unsubscribe();
    let made = 0;
    notifier.close(() => new Error(`closed ${++made}`));
    notifier.close(() => new Error('second close is ignored'));
    expect(seen.map((e) => (e as Error).message)).toEqual(['closed 1', 'closed 2']);
    let subscribed = false;
    NEVER.pipe(takeUntil(notifier.closed$)).subscribe({ ...record, next: () => (subscribed = true) });
    expect(seen.map((e) => (e as Error).message)).toEqual(['closed 1', 'closed 2', 'closed 3']);
    expect(subscribed).toBe(false);
    expect(notifier.size).toBe(0);
  });

  it('holds at most 2 x open + 1024 subscribers through many short operations', () => {
    const notifier = createCloseNotifier();
    const seen: unknown[] = [];
    const open = Array.from({ length: 3000 }, () =>
      NEVER.pipe(takeUntil(notifier.closed$)).subscribe({ error: (e: unknown) => seen.push(e) }),
    );
    let peak = 0;
    for (let i = 0; i < 20_000; i++) {
      NEVER.pipe(takeUntil(notifier.closed$)).subscribe().unsubscribe();
      peak = Math.max(peak, notifier.size);
    }
    expect(peak).toBeLessThanOrEqual(2 * open.length + 1024);
    notifier.close(() => new Error('closed'));
    expect(seen).toHaveLength(3000);
  });
});
