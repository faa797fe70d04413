import { redactSecrets } from '../util/redact.js';

/** At most this many characters of an error message (longer ones are cut, with `…`). */
export const MAX_ERROR_MESSAGE_CHARS = 2048;
/** At most this many characters of an error body (or uncut message) are kept on the error. */
export const MAX_ERROR_BODY_CHARS = 64 * 1024;
/** A text or HTML error body contributes at most this many characters to the message. */
export const TEXT_BODY_PREVIEW_CHARS = 200;

/** What an error body says, whatever its dialect. */
export interface ErrorBodyInfo {
  message?: string;
  type?: string;
  param?: string;
  /** Always a string: numeric codes become their decimal string. */
  code?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const codeOf = (v: unknown): string | undefined => (typeof v === 'number' && Number.isFinite(v) ? String(v) : str(v));

/**
 * Reads every error dialect seen from Videos-API-compatible services:
 * - the OpenAI envelope `{ error: { message, type, param, code } }`, `code` a string or a number (LiteLLM sends
 *   the HTTP status as a string, vLLM an integer);
 * - `{ error: "a string" }` (OpenRouter-style);
 * - RFC 7807 problem+json `{ type, title, status, detail }` (Prism and other spec mocks; Prism's `validation[]`
 *   messages are appended);
 * - FastAPI's `{ detail: "…" }` or `{ detail: [{ msg }] }`, and a top-level `{ message, code }`.
 * A JSON string is parsed first; anything else gives `{}` (see {@link textPreview} for text and HTML).
 *
 * @example
 * ```ts
 * parseErrorBody({ error: { message: 'Slow down', code: 429 } }); // { message: 'Slow down', code: '429' }
 * parseErrorBody({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'no video' }); // message 'no video'
 * ```
 */
export function parseErrorBody(data: unknown): ErrorBodyInfo {
  const body = typeof data === 'string' ? tryParseJson(data) : data;
  if (!isRecord(body)) return {};
  const inner = body['error'];
  if (isRecord(inner)) {
    return {
      message: str(inner['message']),
      type: str(inner['type']),
      param: str(inner['param']),
      code: codeOf(inner['code']),
    };
  }
  if (typeof inner === 'string') return { message: inner, code: codeOf(body['code']) };
  if (str(body['title']) !== undefined || (str(body['type']) !== undefined && 'status' in body)) {
    const detail = str(body['detail']);
    const title = str(body['title']);
    const violations = Array.isArray(body['validation'])
      ? body['validation'].map((v) => (isRecord(v) ? str(v['message']) : undefined)).filter((m) => m !== undefined)
      : [];
    const text = detail && title ? `${title}: ${detail}` : (detail ?? title);
    return { message: violations.length > 0 ? `${text} (${violations.join('; ')})` : text, type: str(body['type']) };
  }
  const detail = body['detail'];
  if (typeof detail === 'string') return { message: detail, code: codeOf(body['code']) };
  if (Array.isArray(detail)) {
    const msgs = detail.map((d) => (isRecord(d) ? str(d['msg']) : undefined)).filter((m) => m !== undefined);
    if (msgs.length > 0) return { message: msgs.join('; ') };
  }
  const message = str(body['message']);
  if (message !== undefined) return { message, type: str(body['type']), code: codeOf(body['code']) };
  return {};
}

/**
 * The first {@link TEXT_BODY_PREVIEW_CHARS} characters of a text or HTML body, with tags, scripts and runs of
 * whitespace removed (an HTML page's `<title>` first when it has one); `undefined` for an empty body.
 *
 * @example
 * ```ts
 * textPreview('<html><title>502 Bad Gateway</title><body>…</body></html>'); // '502 Bad Gateway'
 * ```
 */
export function textPreview(text: string): string | undefined {
  let out = text;
  if (/<[a-z!/][^>]*>/i.test(out)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(out)?.[1];
    out = (title ?? out).replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
    out = out
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  }
  out = redactSecrets(out.replace(/\s+/g, ' ').trim());
  return out === '' ? undefined : out.slice(0, TEXT_BODY_PREVIEW_CHARS);
}

/**
 * `text` cut to `max` characters (with a trailing `…` when cut).
 *
 * @example
 * ```ts
 * cut('x'.repeat(5000), 2048).length; // 2048
 * ```
 */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The body as text for keeping on an error: a string as is, anything else as JSON; at most
 * {@link MAX_ERROR_BODY_CHARS}; `undefined` when there is none.
 *
 * @example
 * ```ts
 * bodyText({ error: 'x' }); // '{"error":"x"}'
 * ```
 */
export function bodyText(data: unknown): string | undefined {
  if (data === undefined || data === null || data === '') return undefined;
  let text: string;
  try {
    text = typeof data === 'string' ? data : (JSON.stringify(data) ?? String(data));
  } catch {
    text = String(data);
  }
  return redactSecrets(text).slice(0, MAX_ERROR_BODY_CHARS);
}

function tryParseJson(text: string): unknown {
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
