// @ts-check
/* global process, console, setTimeout, clearTimeout */
// Request economy (issue 13): 1,000 concurrent 60 s jobs whose progress is NOT linear in time (emulator
// `progressCurve: 'ease-in'`, so a schedule that extrapolates the progress rate guesses wrong), watched by each
// contender in turn, each against its own fresh emulator (in a worker thread): status requests per completed video
// and the delay from a job's scheduled completion to the client noticing it.
//
// Time scale: the emulator runs at BENCH_TIME_SCALE (default 0.25: a 60 s job takes 15 s) and every client-side
// interval is scaled by the same factor (watch schedule, safety interval, fixed loops), so the run is the 60 s world
// played 4x faster. Delays are reported in job time (measured real time / scale), which also multiplies network
// and CPU latency by 1/scale: a pessimistic conversion.
//
//   npm run build && node --expose-gc bench/polling.js
import OpenAI from 'openai';
import { lastValueFrom, Subject } from 'rxjs';
import { createSoraClient } from '../dist/index.js';
import { WATCH_DEFAULTS } from '../dist/streams/videos/watch-schedule.js';
import { fmt, isMain, median, percentile, startEmulatorWorker, table } from './lib/harness.js';

const JOBS = Number(process.env.BENCH_POLL_JOBS ?? 1000);
const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 0.25);
const JOB_MS = 60_000; // job time: a 12 s sora-2 clip at renderMs 20 s
const CURVE = process.env.BENCH_PROGRESS_CURVE ?? 'ease-in';
const ONLY = process.env.BENCH_POLL_ONLY; // run one contender (substring of its name)

const scaled = (/** @type {number} */ ms) => ms * SCALE;
const watchSchedule = {
  intervalMs: scaled(WATCH_DEFAULTS.intervalMs),
  minIntervalMs: scaled(WATCH_DEFAULTS.minIntervalMs),
  maxIntervalMs: scaled(WATCH_DEFAULTS.maxIntervalMs),
};

/**
 * @typedef {{ baseURL: string, count: (f?: { method?: string }) => Promise<number>, close: () => Promise<void> }} Emu
 * @typedef {{ created: (id: string, doneAt: number) => void, watch: (id: string) => Promise<void>, close: () => void, offsetStart?: boolean }} Contender
 */

/** @type {Record<string, (emu: Emu) => Contender>} */
const contenders = {
  'per-id polling (sharedPolling: false)': (emu) => soraContender(emu, { sharedPolling: false }),
  'shared poller (default)': (emu) => soraContender(emu, {}),
  'shared poller, each watch started 0–5 s after its create': (emu) => ({
    ...soraContender(emu, {}),
    offsetStart: true,
  }),
  'shared poller + webhookEvents': (emu) => {
    // The emulator's webhook sender (issue 13w) is not on main yet: the bench feeds `webhookEvents` itself, one
    // `video.completed` event per job at its scheduled completion (delivery latency 0).
    const events = new Subject();
    /** @type {Set<ReturnType<typeof setTimeout>>} */
    const timers = new Set();
    const inner = soraContender(emu, {
      webhookEvents: events,
      webhookSafetyIntervalMs: scaled(60_000),
    });
    return {
      ...inner,
      created: (id, doneAt) => {
        const t = setTimeout(
          () => {
            timers.delete(t);
            events.next({ id: `evt_${id}`, object: 'event', type: 'video.completed', created_at: 0, data: { id } });
          },
          Math.max(0, doneAt - Date.now()),
        );
        timers.add(t);
      },
      close: () => {
        for (const t of timers) clearTimeout(t);
        events.complete();
        inner.close();
      },
    };
  },
  'fixed 1 s loop (openai SDK)': (emu) => fixedLoop(emu, 1_000),
  'fixed 5 s loop (openai SDK)': (emu) => fixedLoop(emu, 5_000),
};

/** @param {Emu} emu @param {Record<string, unknown>} options @returns {Contender} */
function soraContender(emu, options) {
  const sora = createSoraClient({ apiKey: 'sk-bench', baseURL: emu.baseURL, logLevel: 'warn', ...options });
  return {
    created: () => undefined,
    watch: async (id) => {
      await lastValueFrom(sora.watchVideo(id, watchSchedule));
    },
    close: () => sora.close(),
  };
}

/** @param {Emu} emu @param {number} intervalMs @returns {Contender} */
function fixedLoop(emu, intervalMs) {
  const openai = new OpenAI({ apiKey: 'sk-bench', baseURL: emu.baseURL, maxRetries: 2 });
  return {
    created: () => undefined,
    offsetStart: true,
    watch: async (id) => {
      for (;;) {
        const v = await openai.videos.retrieve(id);
        if (v.status === 'completed' || v.status === 'failed') return;
        await new Promise((r) => setTimeout(r, scaled(intervalMs)));
      }
    },
    close: () => undefined,
  };
}

/** @param {string} name @param {(emu: Emu) => Contender} make */
async function runOne(name, make) {
  const emu = await startEmulatorWorker({
    timeScale: SCALE,
    queueMs: 0,
    renderMs: 20_000,
    progressCurve: CURVE,
    maxRecordedRequests: 500_000,
  });
  const contender = make(emu);
  const openai = new OpenAI({ apiKey: 'sk-bench', baseURL: emu.baseURL, maxRetries: 2 });
  const started = Date.now();
  const cpu0 = process.cpuUsage();
  /** @type {Promise<number>[]} */
  const jobs = [];
  // 1,000 jobs created 50 at a time (as a service would start them); each watch starts as its create returns.
  for (let i = 0; i < JOBS; i += 50) {
    const created = await Promise.all(
      Array.from({ length: Math.min(50, JOBS - i) }, (_, k) =>
        openai.videos.create({ prompt: `${name} ${i + k}`, seconds: '12' }).then((video) => {
          // The server stamped createdAtMs just before answering: completion is at most this far ahead, so the
          // notice delay may over-count by the create's response time.
          const doneAt = Date.now() + scaled(JOB_MS);
          contender.created(video.id, doneAt);
          // Fixed loops (and the 'watch later' row) start 0–5 s of job time after the create (pseudo-random, the
          // same offsets for each), so their polls are not phase-locked to the equal job durations; the other
          // watches start at the create, as generateVideo does.
          const offset = contender.offsetStart ? scaled((((i + k) * 7919) % 1000) * 5) : 0;
          const watched = new Promise((r) => setTimeout(r, offset)).then(() => contender.watch(video.id));
          return { watched: watched.then(() => Date.now() - doneAt) };
        }),
      ),
    );
    jobs.push(...created.map((c) => c.watched));
  }
  const delays = (await Promise.all(jobs)).map((d) => d / SCALE);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = Date.now() - started;
  const gets = await emu.count({ method: 'GET' });
  contender.close();
  await emu.close();
  return { name, perVideo: gets / JOBS, gets, delays, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export async function run() {
  /** @type {Awaited<ReturnType<typeof runOne>>[]} */
  const results = [];
  for (const [name, make] of Object.entries(contenders)) {
    if (ONLY !== undefined && !name.includes(ONLY)) continue;
    process.stderr.write(`polling: ${name} ...\n`);
    results.push(await runOne(name, make));
  }
  const rows = results.map((r) => [
    r.name,
    fmt(r.perVideo, 3),
    fmt(median(r.delays) / 1000, 2),
    fmt(percentile(r.delays, 95) / 1000, 2),
    fmt(r.wallMs / 1000, 1),
    fmt(r.cpuMs / 1000, 1),
  ]);
  const by = (/** @type {string} */ s) => results.find((r) => r.name.includes(s));
  const misses = [];
  const shared = by('shared poller (default)');
  if (shared && !(shared.perVideo <= 0.2 && median(shared.delays) <= 1000)) {
    misses.push(
      `shared poller ${fmt(shared.perVideo, 3)} requests/video, median ${fmt(median(shared.delays) / 1000, 2)} s (target <= 0.2, <= 1 s)`,
    );
  }
  const hooks = by('webhookEvents');
  if (hooks && !(hooks.perVideo <= 1.1 && median(hooks.delays) <= 200)) {
    misses.push(
      `webhooks ${fmt(hooks.perVideo, 3)} requests/video, median ${fmt(median(hooks.delays) / 1000, 2)} s (target <= 1.1, <= 0.2 s)`,
    );
  }
  return [
    `## 3. Request economy: ${JOBS} concurrent 60 s jobs, progress curve '${CURVE}', time scale ${SCALE}`,
    '',
    `Each contender alone against its own emulator (worker thread); jobs created 50 at a time; sora-rx watches start at the create (as generateVideo does), the fixed loops and the 'started 0–5 s after' row 0–5 s (job time, pseudo-random, the same offsets) after it, so fixed loops are not phase-locked to the equal job durations. Status requests = every GET the emulator served (lists and retrieves) / completed videos. Notice delay in job time (real / ${SCALE}). Client watch schedule: the defaults (2 s, 1–20 s) scaled by ${SCALE}; webhook safety interval 60 s scaled; fixed loops 1 s / 5 s scaled.`,
    '',
    table(
      ['contender', 'status requests / video', 'notice median (s)', 'notice p95 (s)', 'wall (s)', 'client CPU (s)'],
      rows,
    ),
    '',
    misses.length === 0
      ? 'Targets met (shared poller <= 0.2 requests/video with median <= 1 s; webhooks <= 1.1 with median <= 0.2 s).'
      : `Target MISSED: ${misses.join('; ')}.`,
  ].join('\n');
}

if (isMain(import.meta.url)) console.log(await run());
