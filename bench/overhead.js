// @ts-check
/* global process, console, Buffer */
// 1. Overhead: sequential getVideoStatus calls against the emulator (in its own child process, so this process's
// CPU time is the client's alone). Contenders: sora-rx (log level warn; no-op tracing / in-memory OTel SDK), raw
// axios configured like sora-rx's transport (same keep-alive agent settings, maxRedirects 0, same headers),
// node:http with the same agent settings, and the openai SDK's videos.retrieve (maxRetries 0). Per call: wall time
// and client CPU (process.cpuUsage, user + system), median over alternating rounds.
//
//   npm run build --silent && node --expose-gc bench/overhead.js
//   BENCH_OVERHEAD_ROUNDS=20 BENCH_OVERHEAD_PER_ROUND=300 (defaults)
import http from 'node:http';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import axios from 'axios';
import OpenAI from 'openai';
import { lastValueFrom } from 'rxjs';
import { createSoraClient } from '../dist/index.js';
import { createAgents } from '../dist/transport/agent.js';
import { USER_AGENT } from '../dist/util/version.js';
import { fmt, isMain, measureCalls, median, startEmulatorProcess, table } from './lib/harness.js';

const KEY = 'sk-bench';
const ROUNDS = Number(process.env.BENCH_OVERHEAD_ROUNDS ?? 20);
const PER_ROUND = Number(process.env.BENCH_OVERHEAD_PER_ROUND ?? 300);
const WARM_UP = 300;
const SORA = 'sora-rx getVideoStatus (no-op tracing)';
const AXIOS = 'raw axios.get (sora-rx agent, maxRedirects 0)';
const SDK = 'openai SDK 6.49 videos.retrieve (maxRetries 0)';

export async function run() {
  const emu = await startEmulatorProcess({ maxRecordedRequests: 100 });
  const exporter = new InMemorySpanExporter();
  const sdkProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const noop = createSoraClient({ apiKey: KEY, baseURL: emu.baseURL, logLevel: 'warn' });
  const traced = createSoraClient({ apiKey: KEY, baseURL: emu.baseURL, logLevel: 'warn', tracerProvider: sdkProvider });
  const headers = { Accept: 'application/json', 'User-Agent': USER_AGENT, Authorization: `Bearer ${KEY}` };
  const axiosAgents = createAgents();
  const rawAxios = axios.create({
    httpAgent: axiosAgents.httpAgent,
    httpsAgent: axiosAgents.httpsAgent,
    maxRedirects: 0,
    headers,
  });
  const nodeAgent = createAgents().httpAgent;
  const openai = new OpenAI({ apiKey: KEY, baseURL: emu.baseURL, maxRetries: 0 });
  const { id } = await lastValueFrom(noop.createVideo({ prompt: 'overhead' }));
  const url = `${emu.baseURL}/videos/${id}`;

  /** @type {Record<string, () => Promise<unknown>>} */
  const contenders = {
    [SORA]: () => lastValueFrom(noop.getVideoStatus(id)),
    'sora-rx getVideoStatus (in-memory OTel SDK)': () => lastValueFrom(traced.getVideoStatus(id)),
    [AXIOS]: () => rawAxios.get(url).then((r) => r.data),
    'node:http get + JSON.parse (same agent settings)': () => nodeGet(url, nodeAgent, headers),
    [SDK]: () => openai.videos.retrieve(id),
  };
  const names = Object.keys(contenders);
  /** @type {Record<string, { wall: number[], cpu: number[] }>} */
  const samples = Object.fromEntries(names.map((k) => [k, { wall: [], cpu: [] }]));
  for (const call of Object.values(contenders)) await measureCalls(call, WARM_UP);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      globalThis.gc?.();
      const { wallUs, cpuUs } = await measureCalls(/** @type {() => Promise<unknown>} */ (contenders[name]), PER_ROUND);
      samples[name]?.wall.push(wallUs);
      samples[name]?.cpu.push(cpuUs);
      exporter.reset();
    }
  }
  noop.close();
  traced.close();
  axiosAgents.httpAgent.destroy();
  nodeAgent.destroy();
  await sdkProvider.shutdown();
  await emu.close();

  const cpuOf = (/** @type {string} */ name) => median(samples[name]?.cpu ?? []);
  const wallOf = (/** @type {string} */ name) => median(samples[name]?.wall ?? []);
  const rows = names.map((name) => [
    name,
    fmt(wallOf(name)),
    fmt(cpuOf(name)),
    `${fmt(cpuOf(name) / cpuOf(AXIOS), 2)}x`,
    `${fmt(cpuOf(name) / cpuOf(SDK), 2)}x`,
  ]);
  const soraCpu = cpuOf(SORA);
  const sdkCpu = cpuOf(SDK);
  const verdict =
    soraCpu <= sdkCpu
      ? `Guard met: sora-rx ${fmt(soraCpu)} µs client CPU per call <= openai SDK ${fmt(sdkCpu)} µs.`
      : `Guard MISSED: sora-rx ${fmt(soraCpu)} µs client CPU per call > openai SDK ${fmt(sdkCpu)} µs.`;
  return [
    `## 1. Overhead: ${ROUNDS * PER_ROUND} sequential getVideoStatus calls per contender`,
    '',
    `${ROUNDS} alternating rounds of ${PER_ROUND} calls after ${WARM_UP} warm-up calls each; median of the per-round`,
    'values. Emulator in its own child process; client CPU = `process.cpuUsage()` (user + system) of the client',
    'process per call.',
    '',
    table(['contender', 'wall µs / call', 'client CPU µs / call', 'CPU vs raw axios', 'CPU vs openai SDK'], rows),
    '',
    verdict,
  ].join('\n');
}

/**
 * A GET with node:http, body collected and parsed as JSON.
 * @param {string} url @param {http.Agent} agent @param {Record<string, string>} headers
 */
function nodeGet(url, agent, headers) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error);
          }
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

if (isMain(import.meta.url)) console.log(await run());
