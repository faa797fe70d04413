import readline from 'node:readline';
import type { CliIo } from './io.js';
import { ExitCode } from './errors.js';

/**
 * Asks a yes/no question on the terminal; anything but `y`/`yes` (or a closed stdin) is no. Ctrl-C while asking
 * exits at once (130).
 *
 * @example
 * ```ts
 * if (await confirm(io, 'Cancel video_123 on the server?')) ...
 * ```
 */
export function confirm(io: CliIo, question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: io.stdin, output: io.stderr, terminal: io.stdin.isTTY === true });
    let answered = false;
    rl.on('SIGINT', () => {
      rl.close();
      io.stderr.write('\n');
      io.exit(ExitCode.interrupted);
    });
    rl.on('close', () => {
      if (!answered) resolve(false);
    });
    rl.question(`${question} [y/N] `, (answer) => {
      answered = true;
      rl.close();
      resolve(/^\s*y(es)?\s*$/i.test(answer));
    });
  });
}
