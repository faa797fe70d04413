import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { defer, map, of, catchError, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { ValidationError } from '../../errors/validation-error.js';
import type { HttpBody } from '../../transport/types.js';
import type { FileInput } from './types.js';

/** A file ready to append to a `FormData`: a Blob (lazy for paths) and its file name. */
export interface ResolvedFile {
  blob: Blob;
  filename: string;
}

/**
 * Turns a {@link FileInput} into a Blob without reading it into memory (`{ path }` uses `fs.openAsBlob`, which reads
 * lazily and can be sent again on a retry). An unreadable path errors with `ValidationError` naming `field`.
 *
 * @example
 * ```ts
 * resolveFile({ path: './ref.png' }, 'input_reference').subscribe(({ filename }) => console.log(filename)); // 'ref.png'
 * ```
 */
export function resolveFile(input: FileInput, field: string): Observable<ResolvedFile> {
  return defer(() => {
    if (input instanceof Blob) return of({ blob: input, filename: fileName(input) ?? 'upload' });
    if (input instanceof Uint8Array) return of({ blob: new Blob([input]), filename: 'upload' });
    if ('data' in input) {
      const type = input.contentType ?? '';
      return of({ blob: new Blob([input.data], { type }), filename: input.filename ?? 'upload' });
    }
    const { path, contentType, filename } = input;
    return defer(() => openAsBlob(path, { type: contentType ?? guessType(path) })).pipe(
      map((blob) => ({ blob, filename: filename ?? basename(path) })),
      catchError((e: unknown) =>
        throwError(() => new ValidationError(field, `cannot read file ${path} (${(e as Error).message})`)),
      ),
    );
  });
}

/**
 * A multipart body of `fields` (nested objects become bracketed keys such as `video[id]` or
 * `input_reference[image_url]`, as the official SDK sends them) plus an optional file part; sent this way even
 * without a file, because `POST /videos`, `/videos/edits`, `/videos/extensions` and `/videos/characters` are
 * multipart in the official SDK and some services (vLLM-Omni) accept nothing else. The `FormData` is built afresh
 * for every attempt (a retry resends the same fields; a `{ path }` file is re-read lazily).
 *
 * @example
 * ```ts
 * multipartBody({ prompt: 'a fox' }).subscribe((b) => b.kind); // 'multipart'
 * multipartBody({ prompt: 'a fox' }, { field: 'input_reference', file: { path: 'ref.png' } }); // with a file part
 * ```
 */
export function multipartBody(
  fields: Readonly<Record<string, unknown>>,
  file?: { field: string; file: FileInput },
): Observable<HttpBody> {
  const clean = dropUndefined(fields);
  const build = (resolved?: ResolvedFile) => (): FormData => {
    const form = new FormData();
    appendFields(form, clean);
    if (resolved && file) form.append(file.field, resolved.blob, resolved.filename);
    return form;
  };
  if (!file) return of({ kind: 'multipart', build: build() });
  return resolveFile(file.file, file.field).pipe(
    map((resolved): HttpBody => ({ kind: 'multipart', build: build(resolved) })),
  );
}

function appendFields(form: FormData, fields: Readonly<Record<string, unknown>>, prefix = ''): void {
  for (const [key, value] of Object.entries(fields)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (value === undefined || value === null) continue;
    if (typeof value === 'object') appendFields(form, value as Record<string, unknown>, name);
    else form.append(name, String(value));
  }
}

function dropUndefined(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

function fileName(blob: Blob): string | undefined {
  const name = (blob as { name?: unknown }).name;
  return typeof name === 'string' && name.length > 0 ? name : undefined;
}

const TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
};

function guessType(path: string): string {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  return TYPES[ext] ?? 'application/octet-stream';
}
