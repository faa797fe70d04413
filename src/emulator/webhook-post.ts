import { Agent as HttpAgent, request as httpRequest, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** How one POST ended: the status (and `retry-after`), or a transport error code. */
export type PostOutcome = { status: number; retryAfter: string | undefined } | { error: string };

/** POSTs webhook bodies to one URL over a private keep-alive agent; `close()` ends every socket. */
export class WebhookPoster {
  readonly #url: URL;
  readonly #agent: HttpAgent;
  readonly #inflight = new Set<ClientRequest>();

  constructor(
    url: URL,
    private readonly timeoutMs: number,
  ) {
    this.#url = url;
    this.#agent =
      url.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, maxSockets: 64 })
        : new HttpAgent({ keepAlive: true, maxSockets: 64 });
  }

  /** One attempt. Never rejects; a timeout is `{ error: 'timeout' }`. */
  post(body: Buffer, headers: Record<string, string>): Promise<PostOutcome> {
    return new Promise((resolve) => {
      const send = this.#url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(this.#url, {
        method: 'POST',
        agent: this.#agent,
        timeout: this.timeoutMs,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) },
      });
      this.#inflight.add(req);
      let settled = false;
      const settle = (outcome: PostOutcome): void => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      req.once('response', (res) => {
        res.resume(); // the body is not needed; reading it frees the socket for keep-alive
        const retryAfter = res.headers['retry-after'];
        settle({ status: res.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined });
      });
      req.once('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
      req.once('error', (error: NodeJS.ErrnoException) => settle({ error: error.code ?? 'request_failed' }));
      req.once('close', () => {
        this.#inflight.delete(req);
        settle({ error: 'closed' });
      });
      req.end(body);
    });
  }

  /** Aborts requests in flight and closes idle sockets. */
  close(): void {
    for (const req of this.#inflight) req.destroy();
    this.#inflight.clear();
    this.#agent.destroy();
  }
}
