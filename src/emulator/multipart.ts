/** A small multipart/form-data parser over a complete Buffer (RFC 7578). */

/** One part of a multipart body. */
export interface MultipartPart {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

/** Thrown when the body does not follow the multipart grammar. */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const PARAM_RE = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;

/** The boundary of a `multipart/form-data; boundary=...` content type, or undefined. */
export function boundaryOf(contentType: string): string | undefined {
  for (const match of contentType.matchAll(PARAM_RE)) {
    if (match[1]?.toLowerCase() === 'boundary') {
      const value = match[2] ?? match[3]?.trim();
      return value === undefined || value === '' ? undefined : value;
    }
  }
  return undefined;
}

function decodeParam(value: string): string {
  // Browsers/undici percent-encode `"`, CR and LF in names; quoted-pairs use backslashes.
  return value.replace(/\\(.)/g, '$1').replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

function parseHeaders(block: string): { name: string; filename: string | undefined; contentType: string | undefined } {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-type') contentType = value;
    if (key !== 'content-disposition') continue;
    if (!/^form-data\b/i.test(value)) throw new MultipartError('Part is not form-data');
    for (const match of value.matchAll(PARAM_RE)) {
      const raw = match[2] ?? match[3]?.trim() ?? '';
      const param = match[1]?.toLowerCase();
      if (param === 'name') name = decodeParam(raw);
      else if (param === 'filename') filename = decodeParam(raw);
    }
  }
  if (name === undefined) throw new MultipartError('Part without a name in Content-Disposition');
  return { name, filename, contentType };
}

/** Splits `body` into parts. Throws `MultipartError` on malformed input. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw new MultipartError('Boundary not found in body');
  const parts: MultipartPart[] = [];
  for (;;) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts; // closing `--boundary--`
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++; // transport padding
    if (!body.subarray(pos, pos + 2).equals(CRLF)) throw new MultipartError('Malformed boundary line');
    pos += 2;
    const headerEnd = body.indexOf(HEADER_END, pos);
    if (headerEnd === -1) throw new MultipartError('Part headers not terminated');
    const headers = parseHeaders(body.toString('utf8', pos, headerEnd));
    const dataStart = headerEnd + HEADER_END.length;
    const dataEnd = body.indexOf(nextDelimiter, dataStart);
    if (dataEnd === -1) throw new MultipartError('Closing boundary not found');
    parts.push({ ...headers, data: body.subarray(dataStart, dataEnd) });
    pos = dataEnd + 2;
  }
}
