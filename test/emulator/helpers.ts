import { request as httpRequest } from 'node:http';
import { startSoraEmulator, type EmulatorOptions, type SoraEmulator } from '../../src/emulator/index.js';

/** The key test clients send. */
export const KEY = 'sk-test-key';

/** A response as the tests read it. */
export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  bytes: Buffer;
  json: <T = Record<string, unknown>>() => T;
}

/** Options of `call`. */
export interface CallOptions {
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  auth?: boolean;
}

/** One fetch against the emulator; `path` is relative to baseURL (e.g. `/videos`). */
export async function call(
  emu: SoraEmulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== false) headers['authorization'] ??= `Bearer ${KEY}`;
  let body: string | FormData | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    body = options.form;
  }
  const response = await fetch(`${emu.baseURL}${path}`, { method, headers, body });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  return { status: response.status, headers: response.headers, text, bytes, json: <T>() => JSON.parse(text) as T };
}

/** A raw node:http request that reports how it ended (for fault tests). */
export function rawRequest(
  emu: SoraEmulator,
  method: string,
  path: string,
  body?: string,
): Promise<{
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body: Buffer;
  error?: NodeJS.ErrnoException;
  chunks: number;
  ms: number;
}> {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const req = httpRequest(
      `${emu.baseURL}${path}`,
      {
        method,
        agent: false,
        headers: {
          authorization: `Bearer ${KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        const done = (error?: NodeJS.ErrnoException) =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: Buffer.concat(chunks),
            error,
            chunks: chunks.length,
            ms: performance.now() - started,
          });
        res.on('end', () => done());
        res.on('error', (error) => done(error));
        res.on('aborted', () => done(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
      },
    );
    req.on('error', (error) =>
      resolve({ body: Buffer.concat(chunks), error, chunks: chunks.length, ms: performance.now() - started }),
    );
    req.end(body);
  });
}

/** Starts an emulator that enforces `KEY`. */
export function start(options: EmulatorOptions = {}): Promise<SoraEmulator> {
  return startSoraEmulator({ apiKey: KEY, ...options });
}

/** Builds a multipart body the way the SDK does (bracketed keys for nested objects). */
export function form(
  fields: Record<string, string | Blob>,
  files: Record<string, { name: string; blob: Blob }> = {},
): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  for (const [key, file] of Object.entries(files)) data.append(key, file.blob, file.name);
  return data;
}
