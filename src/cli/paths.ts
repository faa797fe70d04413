import path from 'node:path';
import type { VideoContentVariant } from '../index.js';

/** The variants `--variant` accepts. */
export const VARIANTS: readonly VideoContentVariant[] = ['video', 'thumbnail', 'spritesheet'];

const SUFFIX: Record<VideoContentVariant, string> = {
  video: '.mp4',
  thumbnail: '.webp',
  spritesheet: '.spritesheet.webp',
};

/** Where to save assets: an exact file for the first variant (`--out`), or a directory (`--out-dir`). */
export interface OutTarget {
  out?: string;
  outDir?: string;
}

/**
 * File paths for `variants` of video `id`: `--out FILE` names the first one and the others share its base name
 * (`fox.mp4`, `fox.webp`, `fox.spritesheet.webp`); otherwise `<out-dir or .>/<id><suffix>`.
 *
 * @example pathsFor('video_1', ['video', 'thumbnail'], { outDir: 'out' }) // ['out/video_1.mp4', 'out/video_1.webp']
 */
export function pathsFor(id: string, variants: readonly VideoContentVariant[], target: OutTarget): string[] {
  if (target.out !== undefined) {
    const first = variants[0] ?? 'video';
    const base = stripSuffix(target.out, SUFFIX[first]);
    return variants.map((v, i) => (i === 0 ? target.out! : base + SUFFIX[v]));
  }
  const dir = target.outDir ?? '.';
  return variants.map((v) => path.join(dir, `${id}${SUFFIX[v]}`));
}

function stripSuffix(file: string, suffix: string): string {
  if (file.endsWith(suffix)) return file.slice(0, -suffix.length);
  const ext = path.extname(file);
  return ext === '' ? file : file.slice(0, -ext.length);
}

/** `--variant` values plus `--thumbnail`, deduplicated, in order; `['video']` when none. */
export function variantsFrom(
  variants: readonly VideoContentVariant[] | undefined,
  thumbnail: boolean,
): VideoContentVariant[] {
  const list = [...(variants && variants.length > 0 ? variants : ['video' as const])];
  if (thumbnail) list.push('thumbnail');
  return [...new Set(list)];
}

/** `1.2 kB`-style size. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
