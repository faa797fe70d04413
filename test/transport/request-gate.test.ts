import { describe, expect, it } from 'vitest';
import { RequestGate } from '../../src/transport/request-gate.js';

describe('RequestGate', () => {
  it('starts up to the limit, queues the rest FIFO, skips cancelled entries', () => {
    const gate = new RequestGate(2);
    const started: number[] = [];
    const cancels = [1, 2, 3, 4, 5].map((n) => gate.run(() => started.push(n)));
    expect(started).toEqual([1, 2]);
    expect(gate.waiting).toBe(3);
    cancels[2]!(); // 3 leaves the queue
    gate.release();
    expect(started).toEqual([1, 2, 4]);
    gate.release();
    gate.release();
    expect(started).toEqual([1, 2, 4, 5]);
    expect(gate.inFlight).toBe(1);
    cancels[3]!(); // already started: no-op
    expect(gate.waiting).toBe(0);
  });

  it('Infinity, 0 and NaN never queue', () => {
    for (const limit of [Number.POSITIVE_INFINITY, 0, Number.NaN]) {
      const gate = new RequestGate(limit);
      let n = 0;
      for (let i = 0; i < 100; i++) gate.run(() => n++);
      expect(n).toBe(100);
    }
  });

  it('compacts a long queue', () => {
    const gate = new RequestGate(1);
    let n = 0;
    for (let i = 0; i < 5000; i++) gate.run(() => n++);
    for (let i = 0; i < 4999; i++) gate.release();
    expect(n).toBe(5000);
    expect(gate.waiting).toBe(0);
  });
});
