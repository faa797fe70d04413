import { context, type Context } from '@opentelemetry/api';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  concatMap,
  defer,
  firstValueFrom,
  from,
  last,
  lastValueFrom,
  map,
  takeUntil,
  tap,
  type Observable,
} from 'rxjs';
import type { Video, VideoContentVariant } from '../../index.js';
import { ExitCode } from '../errors.js';
import { inContext } from '../in-context.js';
import { watchInterrupts } from '../interrupt.js';
import type { CliIo } from '../io.js';
import { formatBytes, pathsFor, variantsFrom } from '../paths.js';
import { createProgressView, type ProgressView } from '../progress.js';
import { confirm } from '../prompt.js';
import type { Session } from '../session.js';
import { createParams, type GenerateOptions } from './generate-params.js';

/** One saved asset. */
export interface SavedAsset {
  type: 'downloaded';
  id: string;
  variant: VideoContentVariant;
  path: string;
  bytes: number;
}

function downloadAll(session: Session, video: Video, opts: GenerateOptions, root: Context): Observable<SavedAsset> {
  const variants = variantsFrom(opts.variant, opts.thumbnail);
  const paths = pathsFor(video.id, variants, opts);
  return from(variants.map((variant, i) => ({ variant, destination: paths[i]! }))).pipe(
    concatMap(({ variant, destination }) =>
      defer(() => mkdir(path.dirname(destination), { recursive: true })).pipe(
        concatMap(() => inContext(root, session.sora.downloadVideo(video.id, { destination, variant }))),
        last(),
        map((p): SavedAsset => ({
          type: 'downloaded',
          id: video.id,
          variant,
          path: p.path ?? destination,
          bytes: p.bytesWritten,
        })),
      ),
    ),
  );
}

/** After Ctrl-C: cancel the server job with `--cancel-on-exit`, ask on a TTY, otherwise leave it running. */
async function afterInterrupt(
  session: Session,
  io: CliIo,
  video: Video | undefined,
  cancelOnExit: boolean,
): Promise<void> {
  const { output, sora } = session;
  if (video === undefined) {
    output.info('Stopped before the job was created (it may still appear in sora-rx list).');
    return;
  }
  if (video.status === 'completed' || video.status === 'failed') {
    output.info(`Stopped; ${video.id} had already ${video.status}.`);
    return;
  }
  const ask = !cancelOnExit && output.interactive && io.stdin.isTTY === true;
  const cancel = cancelOnExit || (ask && (await confirm(io, `Cancel ${video.id} on the server?`)));
  if (!cancel) {
    output.info(`${video.id} keeps running on the server; check it with: sora-rx status ${video.id}`);
    return;
  }
  const deleted = await firstValueFrom(sora.cancelVideo(video.id));
  if (output.json) output.jsonLine({ type: 'cancelled', id: deleted.id, deleted: deleted.deleted });
  else output.info(`Cancelled ${deleted.id} on the server.`);
}

/**
 * `generate`: create, watch (progress bar on a TTY, JSON lines with `--json`), download the variants, print the
 * paths. Ctrl-C stops local work, then {@link afterInterrupt} decides about the server job; exit code 130.
 *
 * @example
 * ```ts
 * const code = await runGenerate(session, io, 'a fox', { thumbnail: true, cancelOnExit: false, outDir: 'out' });
 * ```
 */
export async function runGenerate(session: Session, io: CliIo, prompt: string, opts: GenerateOptions): Promise<number> {
  const { sora, output } = session;
  const root = context.active();
  const interrupts = watchInterrupts(io, (l) => output.info(l));
  const schedule =
    opts.pollInterval === undefined ? session.watch : { ...session.watch, intervalMs: opts.pollInterval };
  let video: Video | undefined;
  let view: ProgressView | undefined;
  const saved: SavedAsset[] = [];
  try {
    const work$ = sora.generateVideo(createParams(prompt, opts), { watch: schedule }).pipe(
      tap((event) => {
        video = event.video;
        if (output.json) return output.jsonLine(event);
        if (event.type === 'created') {
          output.info(
            `Created ${event.video.id} (${String(event.video.model)}, ${event.video.seconds} s, ${event.video.size})`,
          );
          view = createProgressView(output, event.video.id);
        }
        view?.update(event.video);
      }),
      last(),
      tap(() => view?.stop()),
      concatMap((event) => downloadAll(session, event.video, opts, root)),
      tap((asset) => (output.json ? output.jsonLine(asset) : saved.push(asset))),
      takeUntil(interrupts.first$),
    );
    await lastValueFrom(work$, { defaultValue: undefined });
    view?.stop();
    if (interrupts.interrupted) {
      await afterInterrupt(session, io, video, opts.cancelOnExit);
      return ExitCode.interrupted;
    }
    for (const a of saved) output.line(`${a.variant}: ${a.path} (${formatBytes(a.bytes)})`);
    return ExitCode.ok;
  } finally {
    view?.stop();
    interrupts.dispose();
  }
}
