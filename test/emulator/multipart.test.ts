import { describe, expect, it } from 'vitest';
import { boundaryOf, MultipartError, parseMultipart } from '../../src/emulator/multipart.js';

const CRLF = '\r\n';

describe('multipart parser', () => {
  it('reads the boundary, quoted or not', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b:c"')).toBe('a b:c');
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
  });

  it('matches what undici FormData produces, binary parts byte for byte', async () => {
    const bytes = new Uint8Array([0, 13, 10, 45, 45, 255, 13, 10]);
    const data = new FormData();
    data.append('prompt', 'line1\r\nline2 "quoted" é');
    data.append('input_reference[image_url]', 'https://x/y');
    data.append('video', new Blob([bytes], { type: 'video/mp4' }), 'clip "1".mp4');
    const request = new Request('http://x', { method: 'POST', body: data });
    const body = Buffer.from(await request.arrayBuffer());
    const parts = parseMultipart(body, boundaryOf(request.headers.get('content-type')!)!);
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['prompt', undefined, undefined],
      ['input_reference[image_url]', undefined, undefined],
      ['video', 'clip "1".mp4', 'video/mp4'],
    ]);
    expect(parts[0]!.data.toString()).toBe('line1\r\nline2 "quoted" é');
    expect(new Uint8Array(parts[2]!.data)).toEqual(bytes);
  });

  it('accepts a preamble and empty values; rejects malformed bodies', () => {
    const body = ['preamble', '--b', 'Content-Disposition: form-data; name="a"', '', '', '--b--', ''].join(CRLF);
    expect(parseMultipart(Buffer.from(body), 'b').map((p) => [p.name, p.data.length])).toEqual([['a', 0]]);
    expect(() => parseMultipart(Buffer.from('nothing here'), 'b')).toThrow(MultipartError);
    const unterminated = ['--b', 'Content-Disposition: form-data; name="a"', '', 'value'].join(CRLF);
    expect(() => parseMultipart(Buffer.from(unterminated), 'b')).toThrow(/Closing boundary/);
    const nameless = ['--b', 'Content-Disposition: form-data', '', 'v', '--b--'].join(CRLF);
    expect(() => parseMultipart(Buffer.from(nameless), 'b')).toThrow(/without a name/);
  });
});
