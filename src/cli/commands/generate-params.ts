import type { VideoContentVariant, VideoCreateParams, VideoSeconds, VideoSize } from '../../index.js';

/** Parsed options of `generate`. */
export interface GenerateOptions {
  model?: string;
  seconds?: VideoSeconds;
  size?: VideoSize;
  inputReference?: string;
  out?: string;
  outDir?: string;
  variant?: VideoContentVariant[];
  thumbnail: boolean;
  cancelOnExit: boolean;
  pollInterval?: number;
}

/** The create body for `prompt` and the options. */
export function createParams(prompt: string, opts: GenerateOptions): VideoCreateParams {
  return {
    prompt,
    ...(opts.model !== undefined ? { model: opts.model } : {}),
    ...(opts.seconds !== undefined ? { seconds: opts.seconds } : {}),
    ...(opts.size !== undefined ? { size: opts.size } : {}),
    ...(opts.inputReference !== undefined ? { input_reference: { path: opts.inputReference } } : {}),
  };
}
