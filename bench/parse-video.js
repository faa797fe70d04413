// @ts-check
/* global process, console */
// #9: the cost of liberal, typed Video parsing (parseVideo) next to the JSON.parse every response already pays, for
// three dialects' bodies (OpenAI: the no-copy fast path; LiteLLM: id/object/status only; new-api: ms timestamps,
// the copying path). Side by side in one run, alternating rounds; medians of 5 rounds.
import { parseVideo } from '../dist/streams/videos/parse-video.js';
import { fmt, isMain, machineLine, median, table } from './lib/harness.js';

const N = Number(process.env.BENCH_PARSE_N ?? 200_000);
const ROUNDS = 5;

const BODIES = {
  openai: {
    id: 'video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5',
    object: 'video',
    model: 'sora-2',
    status: 'in_progress',
    progress: 40,
    created_at: 1_764_547_200,
    completed_at: null,
    expires_at: null,
    prompt: 'a paper boat drifting down a rainy city street at dusk',
    size: '720x1280',
    seconds: '8',
    remixed_from_video_id: null,
    error: null,
  },
  litellm: { id: `video_${'QUJD'.repeat(50)}`, object: 'video', status: 'processing' },
  'new-api': {
    id: 'video_1a2b3c4d5e6f',
    task_id: 'task_1a2b3c4d5e6f',
    object: 'video',
    model: 'sora-2',
    status: 'completed',
    progress: 100,
    created_at: 1_764_547_200_123,
    completed_at: 1_764_547_260_456,
    prompt: 'a fox',
    size: '720x1280',
    seconds: '4',
    metadata: {},
  },
};

/** @param {() => void} f */
function perCall(f) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) f();
  const wall = Number(process.hrtime.bigint() - t0) / N;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: ((cpu.user + cpu.system) * 1000) / N };
}

export function run() {
  const rows = [];
  for (const [name, body] of Object.entries(BODIES)) {
    const text = JSON.stringify(body);
    /** @type {Record<string, number[]>} */
    const s = { parse: [], both: [], parseCpu: [], bothCpu: [] };
    let sink = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const a = perCall(() => {
        sink += JSON.parse(text).id.length;
      });
      const b = perCall(() => {
        sink += /** @type {{ id: string }} */ (parseVideo(JSON.parse(text))).id.length;
      });
      s.parse.push(a.wall);
      s.parseCpu.push(a.cpu);
      s.both.push(b.wall);
      s.bothCpu.push(b.cpu);
    }
    if (sink === -1) console.log(sink);
    const parse = median(s.parse);
    const both = median(s.both);
    rows.push([
      name,
      fmt(parse, 0),
      fmt(both, 0),
      fmt(both - parse, 0),
      `${fmt((both / parse - 1) * 100, 0)} %`,
      `${fmt(median(s.parseCpu), 0)} / ${fmt(median(s.bothCpu), 0)}`,
    ]);
  }
  return [
    `${machineLine()}; ${N} bodies per round, median of ${ROUNDS} rounds`,
    '',
    table(
      ['body', 'JSON.parse ns', 'JSON.parse + parseVideo ns', 'parseVideo ns', 'added', 'CPU ns (parse / both)'],
      rows,
    ),
  ].join('\n');
}

if (isMain(import.meta.url)) console.log(run());
