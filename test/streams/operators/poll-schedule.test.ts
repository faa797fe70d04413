import { describe, expect, it } from 'vitest';
import { nextPollDelayMs, PollHistory } from '../../../src/streams/operators/index.js';
import type { PollObservation } from '../../../src/streams/operators/index.js';

const opts = { intervalMs: 2000, minIntervalMs: 1000, maxIntervalMs: 20_000 };
const obs = (atMs: number, progress: number, status = 'in_progress', serverHintMs?: number): PollObservation => ({
  atMs,
  status,
  progress,
  ...(serverHintMs === undefined ? {} : { serverHintMs }),
});

describe('nextPollDelayMs', () => {
  it('starts at intervalMs', () => {
    expect(nextPollDelayMs([], opts)).toBe(2000);
    expect(nextPollDelayMs([obs(0, 0, 'queued')], opts)).toBe(2000);
  });

  it('slows down by slowdownFactor while nothing changes, and caps at maxIntervalMs', () => {
    const history: PollObservation[] = [];
    const delays: number[] = [];
    for (let t = 0, i = 0; i < 12; i++) {
      history.push(obs(t, 0, 'queued'));
      const d = nextPollDelayMs(history, opts);
      delays.push(d);
      t += d;
    }
    expect(delays.slice(0, 4)).toEqual([2000, 3000, 4500, 6750]);
    expect(delays.at(-1)).toBe(20_000);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
  });

  it('a change of status starts again at intervalMs', () => {
    const h = [obs(0, 0, 'queued'), obs(2000, 0, 'queued'), obs(5000, 0, 'queued'), obs(9500, 0, 'in_progress')];
    expect(nextPollDelayMs(h, opts)).toBe(2000);
    expect(nextPollDelayMs(h, { ...opts, slowdownFactor: 2 })).toBe(2000);
    expect(nextPollDelayMs(h.slice(0, 3), { ...opts, slowdownFactor: 2 })).toBe(8000);
  });

  it('polls at about the ETA while progress rises', () => {
    // 10 % per 5 s = 0.002 %/ms; 50 % left -> 25 s, capped at 20 s; 20 % left -> 10 s
    expect(nextPollDelayMs([obs(0, 40), obs(5000, 50)], opts)).toBe(20_000);
    expect(nextPollDelayMs([obs(0, 70), obs(5000, 80)], opts)).toBe(10_000);
  });

  it('polls densely (minIntervalMs) when the ETA is near or progress is at 100', () => {
    expect(nextPollDelayMs([obs(0, 80), obs(5000, 98)], opts)).toBe(1000);
    expect(nextPollDelayMs([obs(0, 90), obs(5000, 100)], opts)).toBe(1000);
  });

  it('estimates the rate over recent observations, ignoring a stall in between', () => {
    const h = [obs(0, 10), obs(5000, 20), obs(10_000, 20), obs(15_000, 24)];
    // 14 % in 15 s (the latest interval is slower: 4 % in 5 s); 76 % left -> ~81.4 s, capped
    expect(nextPollDelayMs(h, opts)).toBe(20_000);
    expect(nextPollDelayMs(h, { ...opts, maxIntervalMs: 120_000 })).toBeCloseTo(81_428.57, 1);
  });

  it('etaFraction waits that share of the estimated time to 100 % (closing in on the end)', () => {
    const h = [obs(0, 10), obs(10_000, 20)]; // 1 %/s, 80 % left: 80 s
    const wide = { ...opts, maxIntervalMs: 200_000 };
    expect(nextPollDelayMs(h, wide)).toBe(80_000);
    expect(nextPollDelayMs(h, { ...wide, etaFraction: 0.5 })).toBe(40_000);
    expect(nextPollDelayMs(h, { ...wide, etaFraction: 0.001 })).toBe(1000); // clamped to minIntervalMs
  });

  it('progress speeding up is extrapolated from the latest interval, not from its slow past', () => {
    // ease-in: 1 % at 10 s, 4 % at 20 s, 36 % at 60 s, 64 % at 80 s: window rate 0.8 %/s, latest 1.4 %/s
    const h = [obs(0, 0), obs(10_000, 1), obs(20_000, 4), obs(60_000, 36), obs(80_000, 64)];
    const wide = { ...opts, maxIntervalMs: 120_000 };
    expect(nextPollDelayMs(h, wide)).toBeCloseTo(36 / (28 / 20_000), 0); // ~25.7 s, not 36 / 0.0008 = 45 s
  });

  it('a server hint wins, clamped to [minIntervalMs, maxIntervalMs]', () => {
    expect(nextPollDelayMs([obs(0, 0, 'queued', 4500)], opts)).toBe(4500);
    expect(nextPollDelayMs([obs(0, 0, 'queued', 45_000)], opts)).toBe(20_000);
    expect(nextPollDelayMs([obs(0, 0, 'queued', 2 ** 40)], opts)).toBe(20_000);
    expect(nextPollDelayMs([obs(0, 10), obs(5000, 98, 'in_progress', 300)], opts)).toBe(1000);
    expect(nextPollDelayMs([obs(0, 0, 'queued', 0)], opts)).toBe(1000);
    expect(nextPollDelayMs([obs(0, 0, 'queued', -5)], opts)).toBe(1000);
    expect(nextPollDelayMs([obs(0, 0, 'queued', NaN)], opts)).toBe(2000);
  });

  it('keeps intervalMs within [min, max] and tolerates bad options', () => {
    expect(nextPollDelayMs([], { intervalMs: 50_000, minIntervalMs: 1000, maxIntervalMs: 20_000 })).toBe(20_000);
    expect(nextPollDelayMs([obs(0, 0), obs(1, 0)], { ...opts, slowdownFactor: 0.5 })).toBe(2000);
  });
});

describe('PollHistory', () => {
  it('gives the same delay as nextPollDelayMs over the full history, with constant memory', () => {
    const options = [opts, { ...opts, slowdownFactor: 1.05, maxIntervalMs: 1e9 }, { ...opts, slowdownFactor: 1 }];
    for (const o of options) {
      let seed = 7;
      const rnd = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
      const full: PollObservation[] = [];
      const bounded = new PollHistory();
      let progress = 0;
      let status = 'queued';
      for (let i = 0; i < 300; i++) {
        if (rnd() < 0.2) status = status === 'queued' ? 'in_progress' : 'queued';
        if (rnd() < 0.3) progress = Math.min(100, progress + Math.floor(rnd() * 5));
        const hint = rnd() < 0.05 ? Math.floor(rnd() * 3000) : undefined;
        const o2 = obs(i * 1000 + Math.floor(rnd() * 500), progress, status, hint);
        full.push(o2);
        bounded.push(o2);
        expect(bounded.nextDelayMs(o)).toBe(nextPollDelayMs(full, o));
      }
    }
    expect(new PollHistory().nextDelayMs(opts)).toBe(nextPollDelayMs([], opts));
  });
});
