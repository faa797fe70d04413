/**
 * A NestJS-style service plus a controller, written framework-free: NestJS is not a dependency of this
 * repository, so the service is a plain class (in Nest you would add `@Injectable()` and inject the client with
 * a provider) and the controller is a `node:http` handler (in Nest: `@Controller('videos')` with `@Post()`,
 * `@Get(':id')`, `@Delete(':id')`, and an exception filter doing what `sendError` does here).
 *
 * The point it shows: every sora-rx error is a `SoraError` whose `statusCode` is the HTTP status to answer with
 * (400 ValidationError, 404 NotFoundError, 422 VideoGenerationFailedError, 429 RateLimitError, 503/504 for an
 * unavailable or timed-out upstream, 499 CancelledError, …), and whose `toJSON()` is safe to send to a client
 * (no API key, no auth header, no raw upstream body).
 *
 *   npx tsc -p examples && node out/examples/nest-style-service.js
 *   curl -X POST localhost:3001/videos -H 'content-type: application/json' -d '{"prompt":"a fox"}'
 *
 * In your own project, import from 'sora-rx' and 'sora-rx/testing' instead of '../src/...'.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Observable, firstValueFrom, last, map } from 'rxjs';
import {
  type SoraClient,
  type Video,
  type VideoDeleted,
  type VideoSecondsInput,
  createSoraClient,
  isSoraError,
} from '../src/index.js';
import { startSoraEmulator } from '../src/testing/index.js';

/** What the HTTP API accepts to start a video. */
export interface CreateVideoDto {
  prompt: string;
  seconds?: VideoSecondsInput;
}

/**
 * The service (Nest: `@Injectable() export class VideosService { constructor(@Inject(SORA) private sora: SoraClient) {} }`).
 * Methods return Promises, as Nest controllers usually do; Nest also accepts the Observables directly.
 */
export class VideosService {
  constructor(private readonly sora: SoraClient) {}

  /** Starts a job; resolves with the queued Video. */
  create(dto: CreateVideoDto): Promise<Video> {
    return this.sora.promises.createVideo({ prompt: dto.prompt, seconds: dto.seconds });
  }

  /** The current state of a job. */
  status(id: string): Promise<Video> {
    return this.sora.promises.getVideoStatus(id);
  }

  /** Waits for the job to finish (errors with VideoGenerationFailedError if it fails). */
  waitUntilDone(id: string, deadlineMs = 10 * 60_000): Observable<Video> {
    return this.sora.watchVideo(id, { deadlineMs }).pipe(last());
  }

  /** Stops the job on the server (`DELETE /videos/{id}`). */
  cancel(id: string): Promise<VideoDeleted> {
    return this.sora.promises.cancelVideo(id);
  }
}

/** Sends JSON with a status. */
function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * The exception filter: a SoraError answers with its `statusCode` and `toJSON()`; a `Retry-After` is passed on for
 * rate limits; anything else is a 500 that reveals nothing.
 */
export function sendError(res: ServerResponse, error: unknown): void {
  if (!isSoraError(error)) {
    sendJson(res, 500, { error: { name: 'InternalError', message: 'Internal error' } });
    return;
  }
  const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
  if (typeof retryAfterMs === 'number') res.setHeader('retry-after', String(Math.ceil(retryAfterMs / 1000)));
  sendJson(res, error.statusCode, { error: error.toJSON() });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The controller (Nest: `@Controller('videos')`):
 * `POST /videos` → 201 Video, `GET /videos/:id` → 200 Video, `GET /videos/:id/result` → 200 once done,
 * `DELETE /videos/:id` → 200 `{ id, object, deleted }`. Errors go through {@link sendError}.
 */
export class VideosController {
  constructor(private readonly videos: VideosService) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, resource, rawId, sub] = url.pathname.split('/');
    const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
    try {
      if (resource !== 'videos') return sendJson(res, 404, { error: { name: 'NotFound', message: 'No such route' } });
      if (req.method === 'POST' && id === undefined) {
        const body = await readJson(req);
        const dto: CreateVideoDto = {
          prompt: typeof body.prompt === 'string' ? body.prompt : '',
          ...(body.seconds === undefined ? {} : { seconds: body.seconds as VideoSecondsInput }),
        };
        return sendJson(res, 201, await this.videos.create(dto));
      }
      if (req.method === 'GET' && id !== undefined && sub === undefined) {
        return sendJson(res, 200, await this.videos.status(id));
      }
      if (req.method === 'GET' && id !== undefined && sub === 'result') {
        const done = await firstValueFrom(
          this.videos.waitUntilDone(id).pipe(map((v) => ({ id: v.id, status: v.status }))),
        );
        return sendJson(res, 200, done);
      }
      if (req.method === 'DELETE' && id !== undefined && sub === undefined) {
        return sendJson(res, 200, await this.videos.cancel(id));
      }
      sendJson(res, 404, { error: { name: 'NotFound', message: 'No such route' } });
    } catch (error) {
      sendError(res, error);
    }
  }
}

/**
 * Wires service and controller into a `node:http` server (Nest: the module and `NestFactory.create`).
 *
 * @example
 * ```ts
 * const server = createVideosServer(createSoraClient());
 * server.listen(3001);
 * ```
 */
export function createVideosServer(sora: SoraClient): Server {
  const controller = new VideosController(new VideosService(sora));
  return createServer((req, res) => void controller.handle(req, res));
}

async function main(): Promise<void> {
  const emulator = process.env.OPENAI_BASE_URL ? undefined : await startSoraEmulator({ pollAfterMs: 500 });
  const sora = createSoraClient(emulator ? { baseURL: emulator.baseURL, apiKey: 'sk-emulator' } : {});
  const server = createVideosServer(sora);
  const port = Number(process.env.PORT ?? 3001);
  server.listen(port, '127.0.0.1', () => console.log(`Videos API on http://127.0.0.1:${port}/videos (Ctrl+C to stop)`));
  process.once('SIGINT', () => {
    server.closeAllConnections();
    server.close();
    sora.close();
    void emulator?.close();
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
