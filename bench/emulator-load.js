// Load test for the Sora emulator: many concurrent keep-alive connections driving GET requests.
//
//   npm run build && node bench/emulator-load.js [--connections 2000] [--seconds 5] [--path retrieve|list]
//
// The emulator runs in a worker thread (its own event loop), the load generator in the main thread, so the
// client does not steal the server's loop. Prints requests/s, errors and p50/p99/max latency.
import { Agent, request } from 'node:http';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { argv, exit, stdout } from 'node:process';
import { URL } from 'node:url';
import { Worker } from 'node:worker_threads';

const arg = (name, fallback) => {
  const at = argv.indexOf(`--${name}`);
  return at === -1 ? fallback : argv[at + 1];
};
const connections = Number(arg('connections', 2000));
const seconds = Number(arg('seconds', 5));
const target = arg('path', 'retrieve');

const serverSource = `
  import { parentPort } from 'node:worker_threads';
  const { startSoraEmulator } = await import(${JSON.stringify(new URL('../dist/emulator/index.js', import.meta.url).href)});
  const emulator = await startSoraEmulator({ maxRecordedRequests: 1000 });
  parentPort.postMessage({ baseURL: emulator.baseURL });
  parentPort.on('message', async () => {
    const open = emulator.openConnections();
    await emulator.close();
    parentPort.postMessage({ closed: true, open });
  });
`;

const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(serverSource)}`));
const { baseURL } = await new Promise((resolve, reject) => {
  worker.once('message', resolve);
  worker.once('error', reject);
});

const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
const headers = { authorization: 'Bearer sk-bench', 'content-type': 'application/json' };

function send(method, url, body) {
  return new Promise((resolve) => {
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on('error', (error) => resolve({ status: 0, error }));
    });
    req.on('error', (error) => resolve({ status: 0, error }));
    req.end(body);
  });
}

const created = await send('POST', `${baseURL}/videos`, JSON.stringify({ prompt: 'bench' }));
const videoId = JSON.parse(created.body).id;
const url = target === 'list' ? `${baseURL}/videos?limit=10` : `${baseURL}/videos/${videoId}`;

// Open every connection first, so the measurement runs on warm keep-alive sockets.
await Promise.all(Array.from({ length: connections }, () => send('GET', url)));

const latencies = [];
let ok = 0;
let errors = 0;
const firstErrors = new Map();
const deadline = performance.now() + seconds * 1000;
const started = performance.now();

async function loop() {
  while (performance.now() < deadline) {
    const t0 = performance.now();
    const res = await send('GET', url);
    latencies.push(performance.now() - t0);
    if (res.status === 200) ok++;
    else {
      errors++;
      const key = res.error?.code ?? `HTTP ${res.status}`;
      firstErrors.set(key, (firstErrors.get(key) ?? 0) + 1);
    }
  }
}
await Promise.all(Array.from({ length: connections }, loop));
const elapsed = (performance.now() - started) / 1000;

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
const openSockets = agent.totalSocketCount ?? Object.values(agent.sockets).reduce((n, list) => n + list.length, 0);
worker.postMessage('close');
const { open } = await new Promise((resolve) => worker.once('message', resolve));
agent.destroy();
await worker.terminate();

stdout.write(
  `${JSON.stringify(
    {
      target: `GET ${new URL(url).pathname}`,
      connections,
      clientSockets: openSockets,
      serverOpenConnections: open,
      seconds: Number(elapsed.toFixed(2)),
      requests: ok + errors,
      requestsPerSecond: Math.round((ok + errors) / elapsed),
      errors,
      errorKinds: Object.fromEntries(firstErrors),
      latencyMs: { p50: pct(50), p99: pct(99), max: latencies.at(-1)?.toFixed(1) },
    },
    null,
    2,
  )}\n`,
);
exit(errors === 0 ? 0 : 1);
