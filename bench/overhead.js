// @ts-check
/* global process, console */
// 1. Overhead: sequential getVideoStatus calls against the emulator (in a worker thread): sora-rx (log level warn,
// no-op tracing / in-memory OTel SDK tracing) vs one plain axios.get vs the openai SDK (maxRetries 0).
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import axios from 'axios';
import OpenAI from 'openai';
import { lastValueFrom } from 'rxjs';
import { createSoraClient } from '../dist/index.js';
import { fmt, isMain, median, startEmulatorWorker, table } from './lib/harness.js';

const KEY = 'sk-bench';
const TOTAL = Number(process.env.BENCH_OVERHEAD_CALLS ?? 5000);
const ROUNDS = 10;
const PER_ROUND = Math.ceil(TOTAL / ROUNDS);

export async function run() {
  const emu = await startEmulatorWorker({ maxRecordedRequests: 100 });
  const exporter = new InMemorySpanExporter();
  const sdkProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const noop = createSoraClient({ apiKey: KEY, baseURL: emu.baseURL, logLevel: 'warn' });
  const traced = createSoraClient({ apiKey: KEY, baseURL: emu.baseURL, logLevel: 'warn', tracerProvider: sdkProvider });
  const http = axios.create({ headers: { Authorization: `Bearer ${KEY}` } });
  const openai = new OpenAI({ apiKey: KEY, baseURL: emu.baseURL, maxRetries: 0 });
  const { id } = await lastValueFrom(noop.createVideo({ prompt: 'overhead' }));
  const url = `${emu.baseURL}/videos/${id}`;

  /** @type {Record<string, () => Promise<unknown>>} */
  const contenders = {
    'sora-rx (no-op tracing)': () => lastValueFrom(noop.getVideoStatus(id)),
    'sora-rx (in-memory OTel SDK)': () => lastValueFrom(traced.getVideoStatus(id)),
    'raw axios.get': () => http.get(url),
    'openai SDK 6.49 (maxRetries 0)': () => openai.videos.retrieve(id),
  };
  /** @type {Record<string, number[]>} */
  const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (const call of Object.values(contenders)) for (let i = 0; i < 200; i++) await call(); // warm-up
  const names = Object.keys(contenders);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const call = /** @type {() => Promise<unknown>} */ (contenders[name]);
      const started = process.hrtime.bigint();
      for (let i = 0; i < PER_ROUND; i++) await call();
      const us = Number(process.hrtime.bigint() - started) / 1000 / PER_ROUND;
      samples[name]?.push(us);
      exporter.reset();
    }
  }
  noop.close();
  traced.close();
  await sdkProvider.shutdown();
  await emu.close();

  const base = median(/** @type {number[]} */ (samples['raw axios.get']));
  const rows = names.map((name) => {
    const m = median(/** @type {number[]} */ (samples[name]));
    return [name, fmt(m), `${fmt(m / base, 2)}x`];
  });
  const ratio = median(/** @type {number[]} */ (samples['sora-rx (no-op tracing)'])) / base;
  const verdict =
    ratio <= 1.1
      ? `Target met: ${fmt(ratio, 2)}x raw axios with no-op tracing (target <= 1.10x).`
      : `Target MISSED: ${fmt(ratio, 2)}x raw axios with no-op tracing (target <= 1.10x), ${fmt((ratio - 1.1) * 100, 0)} points over.`;
  return [
    `## 1. Overhead: ${ROUNDS * PER_ROUND} sequential getVideoStatus calls per contender`,
    '',
    `${ROUNDS} alternating rounds of ${PER_ROUND} calls; median of the per-round µs/call. Emulator in a worker thread.`,
    '',
    table(['contender', 'µs / call (median)', 'ratio vs raw axios'], rows),
    '',
    verdict,
  ].join('\n');
}

if (isMain(import.meta.url)) console.log(await run());
