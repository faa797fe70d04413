import type { CliIo, CliWritable } from './io.js';

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;

/** A colour name usable with {@link Output.paint}. */
export type Colour = keyof typeof CODES;

/**
 * Where the CLI writes: results to stdout, diagnostics to stderr. Every line passes through `scrub`, which
 * removes the API key, so no output path can print it. Colours only on a TTY, never with `--json` or `NO_COLOR`.
 */
export class Output {
  readonly json: boolean;
  readonly colour: boolean;
  /** True when stderr is a terminal (progress bars, prompts). */
  readonly interactive: boolean;
  private readonly secrets: string[] = [];

  constructor(
    private readonly io: CliIo,
    json: boolean,
  ) {
    this.json = json;
    this.interactive = io.stderr.isTTY === true && !json;
    const noColour = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
    this.colour = this.interactive && io.stdout.isTTY === true && !noColour;
  }

  /** The stream for progress bars. */
  get stderrStream(): CliWritable {
    return this.io.stderr;
  }

  /** Never print `secret` (the API key); shorter than 4 characters is ignored. */
  addSecret(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= 4) this.secrets.push(secret);
  }

  /** Replaces every registered secret with `[REDACTED]`. */
  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('[REDACTED]');
    return out;
  }

  /** A result line on stdout. */
  line(text: string): void {
    this.io.stdout.write(this.scrub(text) + '\n');
  }

  /** One JSON object per line on stdout. */
  jsonLine(value: unknown): void {
    this.line(JSON.stringify(value));
  }

  /** A diagnostic line on stderr. */
  info(text: string): void {
    this.io.stderr.write(this.scrub(text) + '\n');
  }

  /** Raw text on stderr (log lines already ending in a newline). */
  rawErr(text: string): void {
    this.io.stderr.write(this.scrub(text));
  }

  /** `text` in `colour` when colours are on. */
  paint(colour: Colour, text: string): string {
    return this.colour ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
  }
}
