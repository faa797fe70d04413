/**
 * Batch generation: 10 prompts, at most 3 jobs in flight (`mergeMap(..., 3)`), each one
 * create → watch → download, and a summary at the end. One failed prompt does not stop the others.
 *
 * Run it (no API key, no network: it starts the embedded emulator unless OPENAI_BASE_URL is set):
 *
 *   npx tsc -p examples && node out/examples/batch.js [outDir]
 *
 * In your own project, import from 'sora-rx' and 'sora-rx/testing' instead of '../src/...'. The examples import
 * the sources so that they type-check and run without a prior `npm run build`.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Observable, catchError, concatMap, from, last, lastValueFrom, map, mergeMap, of, toArray } from 'rxjs';
import { type SoraClient, type Video, createSoraClient, isSoraError } from '../src/index.js';
import { startSoraEmulator } from '../src/testing/index.js';

/** The prompts of the demo batch. */
export const DEMO_PROMPTS: readonly string[] = [
  'a red fox trotting through fresh snow at dawn',
  'a paper boat drifting down a rain-soaked street',
  'a hummingbird hovering over a blooming cactus flower',
  'a lighthouse beam sweeping across a stormy sea',
  'a time-lapse of clouds rolling over a mountain ridge',
  'a cat chasing a laser dot across a wooden floor',
  'a steaming cup of coffee on a windowsill in the rain',
  'a vintage train crossing a stone viaduct in autumn',
  'fireflies blinking in a meadow at dusk',
  'a close-up of ink spreading in a glass of water',
];

/** The outcome of one prompt. */
export type BatchItemResult =
  | { prompt: string; ok: true; videoId: string; path: string; bytes: number }
  | { prompt: string; ok: false; videoId?: string; error: string; code: string };

/** What {@link runBatch} returns. */
export interface BatchSummary {
  results: BatchItemResult[];
  succeeded: number;
  failed: number;
  totalBytes: number;
  elapsedMs: number;
}

/** Options of {@link runBatch}. */
export interface BatchOptions {
  sora: SoraClient;
  prompts: readonly string[];
  /** Directory the MP4 files are written to (created if missing). */
  outDir: string;
  /** Jobs in flight at once. @default 3 */
  concurrency?: number;
  /** Called for every watched change, e.g. to print progress. */
  onProgress?: (prompt: string, video: Video) => void;
}

/** One prompt: create → watch → download. Errors become a failed result, so the batch goes on. */
function generateOne(
  sora: SoraClient,
  prompt: string,
  index: number,
  options: BatchOptions,
): Observable<BatchItemResult> {
  let videoId: string | undefined;
  const destination = join(options.outDir, `video-${String(index + 1).padStart(2, '0')}.mp4`);
  return sora.createVideo({ prompt, seconds: 4, size: '1280x720' }).pipe(
    concatMap((created) => {
      videoId = created.id;
      return sora.watchVideo(created.id, { deadlineMs: 15 * 60_000 });
    }),
    concatMap((video) => {
      options.onProgress?.(prompt, video);
      return video.status === 'completed' ? sora.downloadVideo(video.id, { destination }).pipe(last()) : of();
    }),
    map((download): BatchItemResult => ({
      prompt,
      ok: true,
      videoId: videoId!,
      path: download.path ?? destination,
      bytes: download.bytesWritten,
    })),
    catchError((error: unknown) =>
      of<BatchItemResult>({
        prompt,
        ok: false,
        ...(videoId === undefined ? {} : { videoId }),
        error: error instanceof Error ? error.message : String(error),
        code: isSoraError(error) ? error.code : 'unknown',
      }),
    ),
  );
}

/**
 * Runs the whole batch with bounded concurrency and resolves with a summary (results in prompt order).
 *
 * @example
 * ```ts
 * const summary = await runBatch({ sora, prompts: DEMO_PROMPTS, outDir: './videos' });
 * ```
 */
export async function runBatch(options: BatchOptions): Promise<BatchSummary> {
  const started = Date.now();
  await mkdir(options.outDir, { recursive: true });
  const indexed = options.prompts.map((prompt, index) => ({ prompt, index }));
  const results = await lastValueFrom(
    from(indexed).pipe(
      mergeMap(
        ({ prompt, index }) => generateOne(options.sora, prompt, index, options).pipe(map((r) => ({ r, index }))),
        options.concurrency ?? 3,
      ),
      toArray(),
      map((all) => all.sort((a, b) => a.index - b.index).map(({ r }) => r)),
    ),
  );
  const succeeded = results.filter((r) => r.ok).length;
  return {
    results,
    succeeded,
    failed: results.length - succeeded,
    totalBytes: results.reduce((sum, r) => sum + (r.ok ? r.bytes : 0), 0),
    elapsedMs: Date.now() - started,
  };
}

/** Prints a summary table. */
export function formatSummary(summary: BatchSummary): string {
  const lines = summary.results.map((r, i) =>
    r.ok
      ? `${String(i + 1).padStart(2)}. ok    ${r.videoId}  ${r.bytes} bytes  ${r.path}`
      : `${String(i + 1).padStart(2)}. FAIL  ${r.videoId ?? '-'}  ${r.code}: ${r.error}`,
  );
  lines.push(
    `${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.totalBytes} bytes in ${summary.elapsedMs} ms`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const outDir = resolve(process.argv[2] ?? 'videos');
  // No OPENAI_BASE_URL: run against the embedded emulator (renders twice as fast as its defaults, and asks
  // clients to poll every 250 ms with the `openai-poll-after-ms` header, so progress is visible).
  const emulator = process.env.OPENAI_BASE_URL
    ? undefined
    : await startSoraEmulator({ timeScale: 0.5, pollAfterMs: 250 });
  const sora = createSoraClient(emulator ? { baseURL: emulator.baseURL, apiKey: 'sk-emulator' } : {});
  try {
    const summary = await runBatch({
      sora,
      prompts: DEMO_PROMPTS,
      outDir,
      onProgress: (prompt, v) =>
        console.log(`${v.id} ${v.status.padEnd(11)} ${String(v.progress).padStart(3)}%  ${prompt}`),
    });
    console.log(`\n${formatSummary(summary)}`);
    if (summary.failed > 0) process.exitCode = 1;
  } finally {
    sora.close();
    await emulator?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
