// @ts-check
/* global process, URL, setTimeout */
// Shared helpers of the benchmarks: statistics, markdown tables, the machine line, and an emulator hosted in a
// worker thread (its own event loop, so the server does not steal the measured client's loop).
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
 * @returns {Promise<{ baseURL: string, count: (filter?: { header?: string, value?: string, method?: string }) => Promise<number>, close: () => Promise<void> }>}
 */
export async function startEmulatorWorker(options) {
  const source = `
    import { parentPort, workerData } from 'node:worker_threads';
    const { startSoraEmulator } = await import(${JSON.stringify(new URL('../../dist/emulator/index.js', import.meta.url).href)});
    const emulator = await startSoraEmulator(workerData);
    parentPort.postMessage({ baseURL: emulator.baseURL });
    parentPort.on('message', async (msg) => {
      if (msg.type === 'count') {
        const f = msg.filter ?? {};
        const n = emulator.requests.filter((r) =>
          (f.method === undefined || r.method === f.method) &&
          (f.header === undefined || r.headers[f.header] === f.value)).length;
        parentPort.postMessage({ count: n });
      } else {
        await emulator.close();
        parentPort.postMessage({ closed: true });
      }
    });
  `;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), { workerData: options });
  /** @type {() => Promise<any>} */
  const next = () =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const { baseURL } = await next();
  return {
    baseURL,
    count: async (filter) => {
      const reply = next();
      worker.postMessage({ type: 'count', filter });
      return (await reply).count;
    },
    close: async () => {
      const reply = next();
      worker.postMessage({ type: 'close' });
      await reply;
      await worker.terminate();
    },
  };
}

/** True when `import.meta.url` is the script node was started with. @param {string} url */
export function isMain(url) {
  return process.argv[1] !== undefined && new URL(url).pathname === process.argv[1];
}
