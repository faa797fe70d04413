/** What the CLI needs from its process: streams, environment and signals. Tests pass a fake. */
export type CliWritable = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Readable side (the y/N prompt reads one line). */
export interface CliReadable extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

/** The process seen by `run()`. */
export interface CliIo {
  readonly stdout: CliWritable;
  readonly stderr: CliWritable;
  readonly stdin: CliReadable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Registers a handler for a signal; returns the function that removes it. */
  onSignal(signal: 'SIGINT' | 'SIGTERM', handler: () => void): () => void;
  /** Ends the process at once (second Ctrl-C). */
  exit(code: number): void;
}

/**
 * The real process as a {@link CliIo}.
 *
 * @example
 * ```ts
 * process.exitCode = await run(process.argv.slice(2), processIo());
 * ```
 */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    onSignal(signal, handler) {
      process.on(signal, handler);
      return () => process.off(signal, handler);
    },
    exit: (code) => process.exit(code),
  };
}
