// Cost of verifying one webhook: sora-rx's unwrapWebhook beside the standardwebhooks package's own verify() and a
// bare node:crypto HMAC + timingSafeEqual (the floor), side by side in one process, alternating rounds.
//
//   npm run build && node --expose-gc bench/webhooks-verify.js [--rounds 10] [--per-round 5000]
//
// Prints median µs per verification (wall) and CPU µs per verification for each contender, and the ratios.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { argv, cpuUsage, stdout, version } from 'node:process';
import { Webhook } from 'standardwebhooks';
import { unwrapWebhook } from '../dist/index.js';

const arg = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const at = argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(argv[at + 1]);
};
const rounds = arg('rounds', 10);
const perRound = arg('per-round', 5000);

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const key = Buffer.from(secret.slice(6), 'base64');
const body = JSON.stringify({
  id: 'evt_0123456789abcdef0123456789abcdef',
  object: 'event',
  type: 'video.completed',
  created_at: Math.floor(Date.now() / 1000),
  data: { id: 'video_0123456789abcdef0123456789abcdef' },
});
const ts = String(Math.floor(Date.now() / 1000));
const signature = `v1,${createHmac('sha256', key).update(`evt_1.${ts}.${body}`).digest('base64')}`;
const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': ts, 'webhook-signature': signature };
const wh = new Webhook(secret);

/** @type {Record<string, () => unknown>} */
const contenders = {
  'sora-rx unwrapWebhook': () => unwrapWebhook(body, headers, secret),
  'standardwebhooks verify()': () => wh.verify(body, headers),
  'node:crypto HMAC (floor)': () => {
    const mac = Buffer.from(createHmac('sha256', key).update(`evt_1.${ts}.${body}`).digest('base64'));
    if (!timingSafeEqual(mac, Buffer.from(signature.slice(3)))) throw new Error('mismatch');
    return JSON.parse(body);
  },
};

/** @type {Record<string, { wall: number[]; cpu: number[] }>} */
const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, { wall: [], cpu: [] }]));
for (const fn of Object.values(contenders)) for (let i = 0; i < 500; i++) fn(); // warm-up
for (let round = 0; round < rounds; round++) {
  for (const [name, fn] of Object.entries(contenders)) {
    globalThis.gc?.();
    const cpu0 = cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) fn();
    const wallUs = ((performance.now() - t0) * 1000) / perRound;
    const cpu = cpuUsage(cpu0);
    samples[name].wall.push(wallUs);
    samples[name].cpu.push((cpu.user + cpu.system) / perRound);
  }
}
const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const floor = median(samples['node:crypto HMAC (floor)'].wall);
const reference = median(samples['standardwebhooks verify()'].wall);
stdout.write(
  `| contender | µs / verification (median wall) | CPU µs / verification | vs standardwebhooks | vs floor |\n`,
);
stdout.write(`| --- | --- | --- | --- | --- |\n`);
for (const [name, { wall, cpu }] of Object.entries(samples)) {
  const w = median(wall);
  stdout.write(
    `| ${name} | ${w.toFixed(2)} | ${median(cpu).toFixed(2)} | ${(w / reference).toFixed(2)}x | ${(w / floor).toFixed(2)}x |\n`,
  );
}
stdout.write(`\n${rounds} alternating rounds of ${perRound}; Node ${version}.\n`);
