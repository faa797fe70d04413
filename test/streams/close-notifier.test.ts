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
  });
});
