/**
 * Small, independent fakes of each provider dialect (written from the providers' docs, sharing nothing with the
 * emulator or the client): a job moves queued → running → done over polls; content, list, delete, and a 404 in
 * the dialect's own error envelope.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type DialectName = 'openai' | 'litellm' | 'vllm-omni' | 'new-api' | 'azure';

interface Job {
  id: string;
  prompt: string;
  model: string;
  size: string;
  seconds: string;
  createdMs: number;
  polls: number;
}

interface FakeSpec {
  basePath: string;
  /** Which header carries the key, or none needed. */
  auth: 'bearer' | 'api-key-or-bearer' | 'none';
  id(): string;
  /** Phase by number of polls: 0 queued, 1 running, ≥2 done. */
  wire(job: Job, phase: 0 | 1 | 2, where: 'create' | 'get' | 'list'): Record<string, unknown>;
  notFound(id: string): unknown;
  /** The create reads form fields only (a FastAPI `Form(...)` endpoint): any other body gets FastAPI's 422. */
  formOnlyCreate?: true;
  contentHeaders?: (job: Job) => Record<string, string>;
}

const sec = (ms: number): number => Math.floor(ms / 1000);
const OPENAI_STATUS = ['queued', 'in_progress', 'completed'] as const;

const openaiWire = (job: Job, phase: 0 | 1 | 2): Record<string, unknown> => ({
  id: job.id,
  object: 'video',
  model: job.model,
  status: OPENAI_STATUS[phase],
  progress: [0, 40, 100][phase],
  created_at: sec(job.createdMs),
  completed_at: phase === 2 ? sec(job.createdMs) + 1 : null,
  expires_at: phase === 2 ? sec(job.createdMs) + 3600 : null,
  prompt: job.prompt,
  size: job.size,
  seconds: job.seconds,
  remixed_from_video_id: null,
  error: null,
});

export const FAKE_SPECS: Record<DialectName, FakeSpec> = {
  openai: {
    basePath: '/v1',
    auth: 'bearer',
    id: () => `video_${randomBytes(8).toString('hex')}`,
    wire: openaiWire,
    notFound: (id) => ({
      error: { message: `Video ${id} not found`, type: 'invalid_request_error', param: null, code: null },
    }),
  },
  litellm: {
    basePath: '/v1',
    auth: 'bearer',
    id: () =>
      `video_${Buffer.from(`litellm:custom_llm_provider:gemini;model_id:veo;video_id:${randomBytes(40).toString('latin1')}`, 'latin1').toString('base64')}`,
    wire: (job, phase, where) => {
      const status = phase === 2 ? 'completed' : 'processing';
      if (where === 'get') return { id: job.id, object: 'video', status };
      return {
        id: job.id,
        object: 'video',
        status,
        model: job.model,
        created_at: sec(job.createdMs),
        usage: { duration_seconds: 8 },
      };
    },
    notFound: (id) => ({
      error: { message: `litellm.NotFoundError: ${id}`, type: 'None', param: 'None', code: '404' },
    }),
    contentHeaders: (job) => ({ 'content-disposition': `attachment; filename=video_${job.id}.mp4` }),
  },
  'vllm-omni': {
    basePath: '/v1',
    auth: 'none',
    id: () => `video_gen_${randomBytes(16).toString('hex')}`,
    wire: (job, phase) => ({
      ...openaiWire(job, phase),
      quality: 'default',
      media_type: 'video/mp4',
      file_name: phase === 2 ? `${job.id}.mp4` : null,
      inference_time_s: phase === 2 ? 1.5 : null,
    }),
    // FastAPI's HTTPException body, as vLLM-Omni-compatible servers built on FastAPI answer
    notFound: (id) => ({ detail: `Video not found: ${id}` }),
    formOnlyCreate: true,
  },
  'new-api': {
    basePath: '/v1',
    auth: 'bearer',
    id: () => `video_${randomBytes(6).toString('hex')}`,
    wire: (job, phase) => {
      const out: Record<string, unknown> = {
        id: job.id,
        task_id: `task_${job.id}`,
        object: 'video',
        model: job.model,
        status: OPENAI_STATUS[phase],
        progress: [0, 40, 100][phase],
        created_at: job.createdMs,
        prompt: job.prompt,
        size: job.size,
        seconds: job.seconds,
        metadata: {},
      };
      if (phase === 2) out['completed_at'] = job.createdMs + 1000;
      return out;
    },
    notFound: () => ({ error: { message: 'task not found', type: 'new_api_error', code: 'task_not_exist' } }),
  },
  azure: {
    basePath: '/openai/v1',
    auth: 'api-key-or-bearer',
    id: () => `video_${randomBytes(8).toString('hex')}`,
    wire: openaiWire,
    notFound: () => ({ error: { code: '404', message: 'Resource not found' } }),
  },
};

/**
 * The create's fields: a multipart form read with the WHATWG `Request` parser, or (unless `formOnly`) a JSON object;
 * undefined when the body is not a form and only a form counts.
 */
async function createFields(
  req: http.IncomingMessage,
  raw: Buffer,
  formOnly: boolean,
): Promise<Record<string, string> | undefined> {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    const out: Record<string, string> = {};
    for (const [k, v] of form) if (typeof v === 'string') out[k] = v;
    return out;
  }
  if (formOnly) return undefined;
  return JSON.parse(raw.toString() || '{}') as Record<string, string>;
}

/** A running fake. */
export interface DialectFake {
  readonly origin: string;
  readonly baseURL: string;
  readonly keysSeen: string[];
  close(): Promise<void>;
}

/** Starts the fake of `name` on 127.0.0.1 (a free port). */
export async function startDialectFake(name: DialectName, key: string): Promise<DialectFake> {
  const spec = FAKE_SPECS[name];
  const jobs = new Map<string, Job>();
  const keysSeen: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)));
  });
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): Promise<void> => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const presented =
      req.headers.authorization?.replace(/^Bearer /, '') ?? (req.headers['api-key'] as string | undefined);
    if (presented) keysSeen.push(presented);
    if (spec.auth !== 'none' && presented !== key) return send(401, { error: { message: 'bad key', code: '401' } });
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(`${spec.basePath}/videos`)) return send(404, spec.notFound(url.pathname));
    const rest = url.pathname
      .slice(`${spec.basePath}/videos`.length)
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    if (req.method === 'POST' && rest.length === 0) {
      const p = await createFields(req, raw, spec.formOnlyCreate === true);
      if (p === undefined) {
        return send(422, {
          detail: [{ type: 'missing', loc: ['body', 'prompt'], msg: 'Field required', input: null }],
        });
      }
      const job: Job = {
        id: spec.id(),
        prompt: p['prompt'] ?? '',
        model: p['model'] ?? 'sora-2',
        size: p['size'] ?? '720x1280',
        seconds: p['seconds'] ?? '4',
        createdMs: Date.now(),
        polls: 0,
      };
      jobs.set(job.id, job);
      return send(200, spec.wire(job, 0, 'create'));
    }
    if (req.method === 'GET' && rest.length === 0) {
      const data = [...jobs.values()].reverse().map((j) => spec.wire(j, 2, 'list'));
      return send(200, { object: 'list', data, first_id: null, last_id: null, has_more: false });
    }
    const job = jobs.get(rest[0] ?? '');
    if (job === undefined) return send(404, spec.notFound(rest[0] ?? ''));
    if (req.method === 'GET' && rest.length === 1) {
      job.polls++;
      return send(200, spec.wire(job, Math.min(2, job.polls - 1) as 0 | 1 | 2, 'get'));
    }
    if (req.method === 'GET' && rest[1] === 'content') {
      res.writeHead(200, { 'content-type': 'video/mp4', ...spec.contentHeaders?.(job) }).end(`mp4 of ${job.id}`);
      return;
    }
    send(404, spec.notFound(job.id));
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseURL: origin + spec.basePath,
    keysSeen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
