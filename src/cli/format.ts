import type { Video } from '../index.js';

/** Column layout of `sora-rx list`. */
const COLUMNS: { title: string; value: (v: Video) => string }[] = [
  { title: 'ID', value: (v) => v.id },
  { title: 'STATUS', value: (v) => v.status },
  { title: '%', value: (v) => (v.progress === undefined ? '-' : String(v.progress)) },
  { title: 'MODEL', value: (v) => v.model ?? '-' },
  { title: 'SECONDS', value: (v) => v.seconds ?? '-' },
  { title: 'SIZE', value: (v) => v.size ?? '-' },
  { title: 'CREATED', value: (v) => formatTime(v.created_at) },
  { title: 'PROMPT', value: (v) => truncate(v.prompt ?? '', 40) },
];

/** Unix seconds as `2026-11-24 12:00:00` (UTC). */
export function formatTime(unixSeconds: number | null | undefined): string {
  if (unixSeconds === null || unixSeconds === undefined) return '-';
  return new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** `text` cut to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : flat.slice(0, max - 1) + '…';
}

/**
 * The videos as an aligned text table (header first); `(no videos)` for none.
 *
 * @example formatTable([video]) // ['ID   STATUS ...', 'video_1  completed ...']
 */
export function formatTable(videos: readonly Video[]): string[] {
  if (videos.length === 0) return ['(no videos)'];
  const rows = videos.map((v) => COLUMNS.map((c) => c.value(v)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS.map((c) => c.title)), ...rows.map(line)];
}

/** The human view of one video (`sora-rx status`). */
export function describeVideo(v: Video): string[] {
  const lines = [
    `${v.id}  ${v.status}${v.progress === undefined ? '' : `  ${v.progress}%`}`,
    `  model ${v.model ?? '-'}, ${v.seconds ?? '-'} s, ${v.size ?? '-'}`,
    `  created ${formatTime(v.created_at)}, completed ${formatTime(v.completed_at)}, expires ${formatTime(v.expires_at)}`,
  ];
  if (v.prompt) lines.push(`  prompt: ${truncate(v.prompt, 100)}`);
  if (v.remixed_from_video_id) lines.push(`  remixed from ${v.remixed_from_video_id}`);
  if (v.error) lines.push(`  error: ${v.error.code}: ${v.error.message}`);
  return lines;
}
