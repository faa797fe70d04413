// @ts-check
/* global process, URL, setTimeout */
// Shared helpers of the benchmarks: statistics, markdown tables, the machine line, and an emulator hosted in a
// worker thread (its own event loop, so the server does not steal the measured client's loop) or in a child
// process (its own process too, so `process.cpuUsage()` of the benchmark counts the client alone).
import { fork } from 'node:child_process';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

/** @param {number[]} xs */
export function median(xs) {
  return percentile(xs, 50);
}

/** @param {number[]} xs @param {number} p 0..100 */
export function percentile(xs, p) {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return /** @type {number} */ (sorted[i]);
}

/** @param {number} n @param {number} [digits] */
export function fmt(n, digits = 1) {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

/** @param {string[]} header @param {Array<Array<string | number>>} rows */
export function table(header, rows) {
  const line = (/** @type {Array<string | number>} */ cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** One line describing the machine. */
export function machineLine() {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const mem = (os.totalmem() / 2 ** 30).toFixed(1);
  return `Node ${process.version}, ${model}, ${cpus.length} cores, ${mem} GiB RAM, ${os.platform()} ${os.release()}`;
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the emulator (from dist) in a worker thread.
 * @param {Record<string, unknown>} options emulator options (plain data only)
 * @returns {Promise<EmulatorHandle>}
 */
export async function startEmulatorWorker(options) {
  const source = `
    import { parentPort, workerData } from 'node:worker_threads';
    const { startSoraEmulator } = await import(${JSON.stringify(new URL('../../dist/emulator/index.js', import.meta.url).href)});
    const { countRequests } = await import(${JSON.stringify(new URL('./emulator-host.js', import.meta.url).href)});
    const emulator = await startSoraEmulator(workerData);
    parentPort.postMessage({ baseURL: emulator.baseURL });
    parentPort.on('message', async (msg) => {
      if (msg.type === 'count') {
        parentPort.postMessage({ count: countRequests(emulator, msg.filter) });
      } else {
        await emulator.close();
        parentPort.postMessage({ closed: true });
      }
    });
  `;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), { workerData: options });
  const ask = replies(worker, (msg) => worker.postMessage(msg));
  const { baseURL } = await ask(undefined);
  return emulatorHandle(baseURL, ask, async () => {
    await ask({ type: 'close' });
    await worker.terminate();
  });
}

/**
 * Starts the emulator (from dist) in a child process (bench/lib/emulator-child.js): the measured process's
 * `process.cpuUsage()` and heap then hold the client only. Same handle as {@link startEmulatorWorker}.
 * @param {Record<string, unknown>} options emulator options (plain data only)
 * @returns {Promise<EmulatorHandle>}
 */
export async function startEmulatorProcess(options) {
  const child = fork(new URL('./emulator-child.js', import.meta.url), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = replies(child, (msg) => child.send(msg));
  const { baseURL } = await ask(options);
  return emulatorHandle(baseURL, ask, async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ type: 'close' });
    await exited;
  });
}

/**
 * @typedef {{ baseURL: string, count: (filter?: { header?: string, value?: string, method?: string }) => Promise<number>, close: () => Promise<void> }} EmulatorHandle
 */

/**
 * Sends a message (none when `undefined`) and resolves with the next reply; rejects when the peer fails or exits.
 * @param {import('node:events').EventEmitter} peer a Worker or a ChildProcess
 * @param {(msg: any) => void} post
 * @returns {(msg: any) => Promise<any>}
 */
function replies(peer, post) {
  return (msg) => {
    const reply = new Promise((resolve, reject) => {
      const fail = (/** @type {unknown} */ why) => reject(new Error(`emulator host failed: ${String(why)}`));
      peer.once('error', fail);
      peer.once('exit', fail);
      peer.once('message', (answer) => {
        peer.off('error', fail);
        peer.off('exit', fail);
        resolve(answer);
      });
    });
    if (msg !== undefined) post(msg);
    return reply;
  };
}

/**
 * @param {string} baseURL @param {(msg: unknown) => Promise<any>} ask @param {() => Promise<void>} close
 * @returns {EmulatorHandle}
 */
function emulatorHandle(baseURL, ask, close) {
  return { baseURL, count: async (filter) => (await ask({ type: 'count', filter })).count, close };
}

/**
 * Wall time and CPU time (user + system) of `calls` sequential awaited calls, per call in µs.
 * @param {() => Promise<unknown>} call
 * @param {number} calls
 * @returns {Promise<{ wallUs: number, cpuUs: number }>}
 */
export async function measureCalls(call, calls) {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await call();
  const wallUs = Number(process.hrtime.bigint() - started) / 1000 / calls;
  const used = process.cpuUsage(cpu);
  return { wallUs, cpuUs: (used.user + used.system) / calls };
}

/** True when `import.meta.url` is the script node was started with. @param {string} url */
export function isMain(url) {
  return process.argv[1] !== undefined && new URL(url).pathname === process.argv[1];
}
